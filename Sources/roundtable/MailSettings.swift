import Foundation
import Mail

extension CommonOptions {
    /// `SMTP_URL` when set; otherwise one `.eml` file per message under `<data-dir>/mail/`.
    func mailTransport() throws -> any MailTransport {
        if let url = ProcessInfo.processInfo.environment["SMTP_URL"], !url.isEmpty {
            do {
                return try SMTPMailTransport(url: url)
            } catch {
                throw Failure("SMTP_URL must look like smtp://host:port (got \(url))")
            }
        }
        return FileMailTransport(directory: dataDirectory.appendingPathComponent("mail"))
    }

    /// The From of every message: `MAIL_FROM`, or a local default.
    var mailFrom: String {
        ProcessInfo.processInfo.environment["MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "Roundtable <roundtable@localhost>"
    }

    /// `MAIL_REPLY_DOMAIN`: where replies by mail arrive (`reply+{token}@` that domain).
    var mailReplyDomain: String? {
        ProcessInfo.processInfo.environment["MAIL_REPLY_DOMAIN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Where absolute links start: `BASE_URL`, else `http://HOST:PORT` as `serve` would listen.
    var baseURL: String {
        let environment = ProcessInfo.processInfo.environment
        if let base = environment["BASE_URL"], !base.isEmpty { return base }
        return "http://\(environment["HOST"] ?? "127.0.0.1"):\(environment["PORT"] ?? "8080")"
    }
}
