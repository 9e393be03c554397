import Foundation
import Mail
import Postgres

/// Outgoing mail. Messages are queued in `mail_outbox` inside the transaction that caused
/// them and delivered later by `MailSender`, so a mail server outage delays mail but loses none.
public enum Outbox {
    /// Queues a message on `connection`; it is sent only if the caller's transaction commits.
    @discardableResult
    public static func enqueue(on connection: PostgresConnection, to recipient: String, subject: String, body: String,
                               html: String? = nil, headers: [(name: String, value: String)] = []) throws -> Int {
        try connection.query("""
            INSERT INTO mail_outbox (recipient, subject, body, html_body, headers) VALUES ($1, $2, $3, $4, $5) RETURNING id
            """, [recipient, subject, body, html, encode(headers)])[0].decode(0)
    }

    /// Header lines as stored: "Name: value", one a line (values can't hold a newline: they
    /// are made header-safe first; `MailMessage` checks the names again when it is built).
    static func encode(_ headers: [(name: String, value: String)]) -> String {
        headers.map { "\($0.name): \(MailMessage.headerSafe($0.value))" }
            .joined(separator: "\n")
    }

    static func decodeHeaders(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// Forgets messages delivered more than `days` ago; unsent ones are always kept.
    public static func purgeSent(_ db: PostgresClient, olderThanDays days: Int = 30) async throws {
        try await db.query("DELETE FROM mail_outbox WHERE sent_at < now() - make_interval(days => $1)", [days])
    }
}

/// Delivers queued mail through a `MailTransport`.
///
/// A message is claimed by pushing its `next_attempt_at` a lease ahead, in one statement that
/// skips rows another process has locked: a second sender neither waits nor sees it until
/// the lease runs out. Delivery happens outside any transaction; afterwards the row is marked
/// sent, or its error is recorded and it is due again after a growing delay.
public struct MailSender: Sendable {
    let db: PostgresClient
    let transport: any MailTransport
    let from: String
    /// How long a claimed message stays invisible to other senders (longer than a send can take).
    let lease: Int
    /// First retry delay in seconds; doubled per attempt up to `maximumDelay`.
    let baseDelay: Int
    let maximumDelay: Int

    public init(db: PostgresClient, transport: any MailTransport, from: String = MailSender.defaultFrom,
                lease: Int = 300, baseDelay: Int = 30, maximumDelay: Int = 6 * 3600) {
        self.db = db
        self.transport = transport
        self.from = from
        self.lease = lease
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    public static let defaultFrom = "Roundtable <roundtable@localhost>"

    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var failed = 0

        public init(sent: Int = 0, failed: Int = 0) {
            self.sent = sent
            self.failed = failed
        }
    }

    /// Sends up to `limit` due messages and says how many went out and how many failed.
    @discardableResult
    public func sendDueMessages(limit: Int = 20) async throws -> Report {
        let claimed = try await db.query("""
            UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $2), attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM mail_outbox
                WHERE sent_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            RETURNING id, recipient, subject, body, html_body, headers, created_at, attempts
            """, [limit, lease])
        var report = Report()
        for row in claimed {
            let id: Int = try row.decode("id")
            let message = MailMessage(
                from: from, to: try row.decode("recipient"), subject: try row.decode("subject"),
                textBody: try row.decode("body"), date: try row.decode("created_at"),
                htmlBody: try row.decode("html_body"), extraHeaders: Outbox.decodeHeaders(try row.decode("headers")))
            do {
                try await transport.send(message)
                try await db.query("UPDATE mail_outbox SET sent_at = now(), last_error = NULL WHERE id = $1", [id])
                report.sent += 1
            } catch {
                let attempts: Int = try row.decode("attempts")
                let delay = min(maximumDelay, baseDelay << min(attempts - 1, 20))
                try await db.query("""
                    UPDATE mail_outbox SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3)
                    WHERE id = $1
                    """, [id, String(String(describing: error).prefix(1000)), delay])
                report.failed += 1
            }
        }
        return report
    }
}
