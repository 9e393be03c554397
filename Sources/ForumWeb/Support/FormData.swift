import Forum
import Foundation
import Hummingbird

/// A submitted form's fields. Missing fields read as "", so handlers validate values rather
/// than crash on absent keys, and malformed input becomes a 422, never a 500.
public struct FormData: Sendable {
    public var fields: [String: String] = [:]
    public var files: [String: UploadedFile] = [:]
    /// Attachments spooled to temporary files (attachment routes only); the CSRF middleware
    /// removes the files once the handler is done.
    public var uploads: [Upload] = []

    public init(fields: [String: String] = [:], files: [String: UploadedFile] = [:]) {
        self.fields = fields
        self.files = files
    }

    public subscript(name: String) -> String { fields[name] ?? "" }

    /// NUL characters are dropped from every value: PostgreSQL text can't hold them.
    static func cleaned(_ value: String) -> String {
        value.utf8.contains(0) ? String(String.UnicodeScalarView(value.unicodeScalars.filter { $0 != "\0" })) : value
    }
}

public struct UploadedFile: Sendable {
    public var filename: String
    public var contentType: String?
    public var bytes: [UInt8]
}

extension FormData {
    /// The form decoded into the struct that describes it, by Hummingbird's
    /// `URLEncodedFormDecoder`. Fields the struct doesn't name are ignored; a value of the wrong
    /// kind (letters for a number) is bad input: 422, never a 500.
    public func decode<Form: Decodable>(_ type: Form.Type) throws -> Form {
        let encoded = fields.map { Self.encode($0.key) + "=" + Self.encode($0.value) }.joined(separator: "&")
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: encoded)
        } catch {
            throw HTTPError(.unprocessableContent, message: "The form could not be read. Go back and check what you entered.")
        }
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
