import Foundation

/// A received RFC 5322 message, as far as a reply by mail needs it: its header fields and
/// its text (the first text/plain part; else the first text/html part made plain), with
/// transfer encodings and common charsets undone. Bounded: nested parts, part counts and
/// sizes are capped, so a hostile message costs little.
public struct IncomingMessage: Sendable {
    public let headers: [(name: String, value: String)]
    public let text: String

    public static let maximumSize = 10 * 1024 * 1024

    public init(_ raw: [UInt8]) {
        let (headers, body) = Self.split(Array(raw.prefix(Self.maximumSize)))
        self.headers = headers
        self.text = Self.text(headers: headers, body: body, depth: 0) ?? ""
    }

    public init(_ raw: String) { self.init(Array(raw.utf8)) }

    /// The first field called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public func headers(_ name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// Every address in the named fields (`To`, `Cc`, ...), bare and lowercased.
    public func addresses(in names: [String]) -> [String] {
        names.flatMap(headers).flatMap(Self.addresses(in:))
    }

    /// The bare addresses of a field's value: those in angle brackets, or else every word
    /// with an `@`.
    public static func addresses(in value: String) -> [String] {
        var found: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            found.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        if found.isEmpty {
            found = value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init).filter { $0.contains("@") }
        }
        return found.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    /// Whether a machine sent it (an auto-reply, a bounce, a list): never answered, never posted.
    public var isAutomatic: Bool {
        if let auto = header("Auto-Submitted")?.lowercased(), !auto.hasPrefix("no") { return true }
        if let precedence = header("Precedence")?.lowercased(), ["bulk", "junk", "list", "auto_reply"].contains(precedence) { return true }
        if header("X-Autoreply") != nil || header("X-Autorespond") != nil { return true }
        if let from = header("From")?.lowercased(), from.contains("mailer-daemon") || from.contains("postmaster@") { return true }
        return false
    }

    // MARK: Parsing

    static func split(_ bytes: [UInt8]) -> ([(name: String, value: String)], [UInt8]) {
        var index = 0
        var lines: [String] = []
        while index < bytes.count {
            var end = index
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var line = bytes[index..<end]
            if line.last == 0x0D { line = line.dropLast() }
            index = min(end + 1, bytes.count)
            if line.isEmpty { break }
            lines.append(decodeLatin1OrUTF8(Array(line)))
            if lines.count > 2000 { break }
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                if headers[headers.count - 1].value.utf8.count < 16_384 {
                    headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                }
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return (headers, Array(bytes[index...]))
    }

    struct ContentType {
        var type: String
        var parameters: [String: String]
    }

    static func contentType(_ value: String?) -> ContentType {
        guard let value else { return ContentType(type: "text/plain", parameters: [:]) }
        let pieces = value.split(separator: ";")
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var parameter = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameter.hasPrefix("\""), parameter.hasSuffix("\""), parameter.count >= 2 {
                parameter = String(parameter.dropFirst().dropLast())
            }
            parameters[name] = parameter
        }
        return ContentType(type: pieces.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "text/plain",
                           parameters: parameters)
    }

    static func field(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The text of a part: plain text as is, HTML made plain, the first such part of a
    /// multipart (plain preferred), nothing for anything else.
    static func text(headers: [(name: String, value: String)], body: [UInt8], depth: Int) -> String? {
        let type = contentType(field("Content-Type", in: headers))
        if type.type.hasPrefix("multipart/") {
            guard depth < 5, let boundary = type.parameters["boundary"], !boundary.isEmpty else { return nil }
            let parts = multipartParts(body, boundary: boundary).prefix(50).map(split)
            if let plain = parts.lazy.compactMap({ part -> String? in
                let inner = contentType(field("Content-Type", in: part.0)).type
                guard inner == "text/plain" || inner.hasPrefix("multipart/") else { return nil }
                return text(headers: part.0, body: part.1, depth: depth + 1)
            }).first {
                return plain
            }
            return parts.lazy.compactMap { text(headers: $0.0, body: $0.1, depth: depth + 1) }.first
        }
        if let disposition = field("Content-Disposition", in: headers)?.lowercased(), disposition.hasPrefix("attachment") {
            return nil
        }
        guard type.type == "text/plain" || type.type == "text/html" else { return nil }
        let decoded = decodeTransfer(body, encoding: field("Content-Transfer-Encoding", in: headers)?.lowercased() ?? "7bit")
        let content = decodeCharset(decoded, charset: type.parameters["charset"]?.lowercased() ?? "us-ascii")
        return type.type == "text/html" ? HTMLText.plain(content) : content
    }

    static func multipartParts(_ body: [UInt8], boundary: String) -> [[UInt8]] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [[UInt8]] = []
        var current: [UInt8]? = nil
        var index = 0
        while index < body.count {
            var end = index
            while end < body.count && body[end] != 0x0A { end += 1 }
            var line = Array(body[index..<end])
            if line.last == 0x0D { line.removeLast() }
            index = end + 1
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                if let part = current { parts.append(part) }
                if rest.starts(with: Array("--".utf8)) { return parts }
                current = []
                continue
            }
            current?.append(contentsOf: line)
            current?.append(0x0A)
        }
        if let part = current { parts.append(part) }
        return parts
    }

    static func decodeTransfer(_ body: [UInt8], encoding: String) -> [UInt8] {
        switch encoding {
        case "base64":
            let cleaned = body.filter { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }
            return Data(base64Encoded: Data(cleaned), options: .ignoreUnknownCharacters).map(Array.init) ?? []
        case "quoted-printable":
            return decodeQuotedPrintable(body)
        default:
            return body
        }
    }

    static func decodeQuotedPrintable(_ body: [UInt8]) -> [UInt8] {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == UInt8(ascii: "=") {
                // A soft line break: "=" then optional whitespace, then the line end.
                var next = index + 1
                while next < body.count && (body[next] == 0x20 || body[next] == 0x09) { next += 1 }
                if next < body.count && (body[next] == 0x0D || body[next] == 0x0A) {
                    if body[next] == 0x0D && next + 1 < body.count && body[next + 1] == 0x0A { next += 1 }
                    index = next + 1
                    continue
                }
                if index + 2 < body.count, let high = hex(body[index + 1]), let low = hex(body[index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    static func decodeCharset(_ bytes: [UInt8], charset: String) -> String {
        switch charset {
        case "iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func decodeLatin1OrUTF8(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// HTML mail made plain, for clients that send no text part: quotations dropped (they are
/// the quoted earlier mail), line breaks kept, tags removed, common entities decoded.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = html
        for (pattern, replacement) in [
            ("(?is)<(head|style|script)\\b.*?</\\1\\s*>", ""),
            ("(?is)<blockquote\\b.*</blockquote\\s*>", ""),
            ("(?i)<br\\s*/?>", "\n"),
            ("(?i)</(p|div|li|tr|h[1-6])\\s*>", "\n"),
            ("(?s)<[^>]*>", ""),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }
}
