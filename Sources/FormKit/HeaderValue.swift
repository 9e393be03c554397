/// A header value like `form-data; name="a"; filename="b.txt"`: a token plus parameters.
/// Parameter names are lowercased; quoted values may contain `;`. Backslash is deliberately not
/// an escape: browsers send it literally (they percent-encode `"` instead, per the HTML spec).
public struct HeaderValue: Sendable {
    public var value: String
    public var parameters: [String: String] = [:]

    public init(_ text: String) {
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
