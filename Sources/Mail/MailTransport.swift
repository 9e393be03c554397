import Foundation

#if canImport(Glibc)
import Glibc
#endif

public protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

/// Development/outbox transport: one `.eml` file per message.
public struct FileMailTransport: MailTransport {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let millis = Int64(message.date.timeIntervalSince1970 * 1000)
        let id = String(message.messageID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
            .trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        let final = directory.appendingPathComponent("\(String(format: "%013lld", millis))-\(id).eml")
        // Dot-prefixed and without the .eml suffix, so readers globbing *.eml never pick it up.
        let temp = directory.appendingPathComponent(".tmp-\(UUID().uuidString).part")
        try Data(message.rfc5322().utf8).write(to: temp)
        // rename(2) within one directory is atomic: readers see no file or the whole file.
        guard rename(temp.path, final.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)])
        }
    }
}
