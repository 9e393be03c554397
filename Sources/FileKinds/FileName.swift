/// File names as members see them and as downloads carry them. The sender chooses the name,
/// so it may hold a path, control or bidirectional-override characters, or be very long.
public enum FileName {
    public static let maxLength = 120

    /// The last path component, without control or format characters, trimmed and capped
    /// (keeping a short extension); never empty.
    public static func cleaned(_ raw: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let scalars = lastComponent.unicodeScalars.filter { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
            default: true
            }
        }
        var name = String(String.UnicodeScalarView(scalars)).trimmingSpacesAndDots()
        if name.count > maxLength {
            let dot = name.lastIndex(of: ".")
            let ext = dot.map { String(name[$0...]) } ?? ""
            if ext.count > 1 && ext.count <= 10 {
                name = String(name.prefix(maxLength - ext.count)) + ext
            } else {
                name = String(name.prefix(maxLength))
            }
        }
        return name.isEmpty ? "file" : name
    }

    /// `Content-Disposition` per RFC 6266: an ASCII fallback in `filename` for old clients and
    /// the real name in `filename*`, percent-encoded UTF-8 (RFC 8187).
    public static func contentDisposition(_ name: String, inline: Bool) -> String {
        let fallback = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" && scalar != "%" && scalar != ";"
                ? Character(scalar) : "_"
        })
        var encoded = ""
        for byte in name.utf8 {
            let isAttrChar = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "!#$&+-.^_`|~".utf8.contains(byte)
            if isAttrChar {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
            }
        }
        return "\(inline ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }
}

extension String {
    /// Leading dots would make a hidden file on download; surrounding spaces are invisible.
    fileprivate func trimmingSpacesAndDots() -> String {
        let scalars = Array(unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start] == " " || scalars[start] == "." || scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1] == " " || scalars[end - 1].properties.isWhitespace { end -= 1 }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
