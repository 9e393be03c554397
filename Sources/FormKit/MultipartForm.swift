public enum MultipartError: Error, Equatable, Sendable {
    case notMultipartFormData
    case missingBoundary
    case invalidBoundary
    case missingOpeningDelimiter
    case missingClosingDelimiter
    case malformedPartHeaders
    case missingContentDisposition
    case missingFieldName
    case tooManyParts(limit: Int)
}

public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        /// nil for plain fields and for file inputs submitted with no file chosen (`filename=""`).
        public var filename: String?
        public var contentType: String?
        public var body: [UInt8]

        public init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.body = body
        }
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// The first non-file part with this name, decoded as UTF-8.
    public func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// The first part with this name that carries an actual file.
    public func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.filename != nil }
    }

    public static func parse(body: [UInt8], contentType: String, maxParts: Int = 100) throws -> MultipartForm {
        let boundary = try boundary(from: contentType)
        let dashBoundary = Array("--\(boundary)".utf8)
        let delimiter = [UInt8(ascii: "\r"), UInt8(ascii: "\n")] + dashBoundary

        // The first delimiter may sit at the very start of the body (no preamble), so it has no CRLF.
        var i: Int
        if body.starts(with: dashBoundary) {
            i = dashBoundary.count
        } else if let found = find(delimiter, in: body, from: 0) {
            i = found + delimiter.count
        } else {
            throw MultipartError.missingOpeningDelimiter
        }

        var parts: [Part] = []
        while true {
            if body.hasBytes("--", at: i) { return MultipartForm(parts: parts) }  // epilogue ignored
            while i < body.count && (body[i] == UInt8(ascii: " ") || body[i] == UInt8(ascii: "\t")) { i += 1 }
            guard body.hasBytes("\r\n", at: i) else { throw MultipartError.missingClosingDelimiter }
            i += 2
            guard parts.count < maxParts else { throw MultipartError.tooManyParts(limit: maxParts) }

            guard let bodyEnd = find(delimiter, in: body, from: i) else {
                throw MultipartError.missingClosingDelimiter
            }
            let headerEnd: Int
            let bodyStart: Int
            if body.hasBytes("\r\n", at: i) {
                (headerEnd, bodyStart) = (i, i + 2)  // part with no headers at all
            } else if let found = find(Array("\r\n\r\n".utf8), in: body, from: i, before: bodyEnd) {
                (headerEnd, bodyStart) = (found, found + 4)
            } else {
                throw MultipartError.malformedPartHeaders
            }
            let headers = String(decoding: body[i..<headerEnd], as: UTF8.self)
            var part = try parseHeaders(headers)
            part.body = Array(body[bodyStart..<bodyEnd])
            parts.append(part)
            i = bodyEnd + delimiter.count
        }
    }

    private static func boundary(from contentType: String) throws -> String {
        let params = HeaderValue(contentType)
        guard params.value.lowercased() == "multipart/form-data" else { throw MultipartError.notMultipartFormData }
        guard let boundary = params.parameters["boundary"], !boundary.isEmpty else {
            throw MultipartError.missingBoundary
        }
        // RFC 2046: at most 70 characters; CR/LF would make the delimiter unmatchable anyway.
        guard boundary.utf8.count <= 70, !boundary.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            throw MultipartError.invalidBoundary
        }
        return boundary
    }

    private static func parseHeaders(_ text: String) throws -> Part {
        var disposition: HeaderValue?
        var contentType: String?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw MultipartError.malformedPartHeaders }
            let name = line[..<colon].trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            switch name {
            case "content-disposition": disposition = HeaderValue(value)
            case "content-type": contentType = value
            default: break
            }
        }
        guard let disposition, disposition.value.lowercased() == "form-data" else {
            throw MultipartError.missingContentDisposition
        }
        guard let name = disposition.parameters["name"] else { throw MultipartError.missingFieldName }
        let filename = disposition.parameters["filename"].flatMap { $0.isEmpty ? nil : $0 }
        return Part(name: name, filename: filename, contentType: contentType, body: [])
    }

    /// Plain forward scan. The needle is a delimiter of at most 74 bytes, so the worst case is
    /// O(74·n): linear in the body size, with no copying of the haystack.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, before limit: Int? = nil) -> Int? {
        let end = (limit ?? haystack.count) - needle.count
        guard start <= end, let first = needle.first else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { ndl in
                var i = start
                while i <= end {
                    if hay[i] == first {
                        var j = 1
                        while j < ndl.count && hay[i + j] == ndl[j] { j += 1 }
                        if j == ndl.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}

/// A header value like `form-data; name="a"; filename="b.txt"`: a token plus parameters.
/// Parameter names are lowercased; quoted values may contain `;`. Backslash is deliberately not
/// an escape: browsers send it literally (they percent-encode `"` instead, per the HTML spec).
struct HeaderValue {
    var value: String
    var parameters: [String: String] = [:]

    init(_ text: String) {
        var chars = Substring(text)
        value = String(chars.prefix { $0 != ";" }).trimmingWhitespace()
        chars = chars.drop { $0 != ";" }
        while chars.first == ";" {
            chars = chars.dropFirst()
            let name = String(chars.prefix { $0 != "=" && $0 != ";" }).trimmingWhitespace().lowercased()
            chars = chars.drop { $0 != "=" && $0 != ";" }
            var paramValue = ""
            if chars.first == "=" {
                chars = chars.dropFirst().drop { $0 == " " || $0 == "\t" }
                if chars.first == "\"" {
                    chars = chars.dropFirst()
                    paramValue = String(chars.prefix { $0 != "\"" })
                    chars = chars.drop { $0 != "\"" }
                    chars = chars.dropFirst().drop { $0 != ";" }
                } else {
                    paramValue = String(chars.prefix { $0 != ";" }).trimmingWhitespace()
                    chars = chars.drop { $0 != ";" }
                }
            }
            if !name.isEmpty && parameters[name] == nil { parameters[name] = paramValue }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func hasBytes(_ ascii: StaticString, at index: Int) -> Bool {
        let count = ascii.utf8CodeUnitCount
        guard index >= 0, index + count <= self.count else { return false }
        return ascii.withUTF8Buffer { self[index..<index + count].elementsEqual($0) }
    }
}
