import Foundation

/// A submitted form's fields. Missing fields read as "", so handlers validate values rather
/// than crash on absent keys, and malformed input becomes a 422, never a 500.
public struct FormData: Sendable {
    public var fields: [String: String] = [:]
    public var files: [String: UploadedFile] = [:]

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
