import Foundation
import NIOCore

extension Browser {
    /// Posts a multipart form with the page's CSRF token, fields first, then every file in a
    /// part named `files` (as `<input type=file name=files multiple>` sends them).
    func postFiles(_ path: String, _ fields: [String: String] = [:], files: [(name: String, bytes: [UInt8])],
                   contentType: String = "application/octet-stream") async throws -> Page {
        if csrf == nil { try await get("/login") }
        let boundary = "----roundtable-files-boundary-7MA4YWxkTrZu0gW"
        var fields = fields
        if fields["_csrf"] == nil { fields["_csrf"] = csrf }
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key == "_csrf" || ($1.key != "_csrf" && $0.key < $1.key) }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: \(contentType)\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(path, method: .post, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }
}
