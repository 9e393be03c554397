public enum URLEncodedForm {
    /// Parses `application/x-www-form-urlencoded`. The first occurrence of a key wins, so a
    /// duplicated field cannot override an earlier one; malformed escapes are kept verbatim.
    public static func parse(_ body: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in body.utf8.split(separator: UInt8(ascii: "&")) {
            let key: Substring.UTF8View.SubSequence
            let value: Substring.UTF8View.SubSequence?
            if let eq = pair.firstIndex(of: UInt8(ascii: "=")) {
                key = pair[..<eq]
                value = pair[pair.index(after: eq)...]
            } else {
                key = pair
                value = nil
            }
            let name = decode(key)
            guard !name.isEmpty, result[name] == nil else { continue }
            result[name] = value.map(decode) ?? ""
        }
        return result
    }

    private static func decode<C: Collection<UInt8>>(_ bytes: C) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if c == UInt8(ascii: "%"),
                let h = bytes.index(i, offsetBy: 1, limitedBy: bytes.endIndex), h < bytes.endIndex,
                let l = bytes.index(i, offsetBy: 2, limitedBy: bytes.endIndex), l < bytes.endIndex,
                let hi = hexValue(bytes[h]), let lo = hexValue(bytes[l])
            {
                out.append(hi << 4 | lo)
                i = l
            } else {
                out.append(c)
            }
            i = bytes.index(after: i)
        }
        // Escapes can spell invalid UTF-8; repair it rather than reject the whole form.
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
