import Forum
import Foundation
import Mail
import Postgres
import Synchronization
import Testing
import TestSupport

/// Records what it was asked to send; fails while `failing` is set.
final class RecordingTransport: MailTransport, Sendable {
    struct Down: Error {}
    private let state = Mutex<(sent: [MailMessage], failing: Bool)>(([], false))

    init(failing: Bool = false) { state.withLock { $0.failing = failing } }

    var sent: [MailMessage] { state.withLock { $0.sent } }
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func send(_ message: MailMessage) async throws {
        try state.withLock { state in
            if state.failing { throw Down() }
            state.sent.append(message)
        }
        // Give a concurrent sender the chance to run in between.
        try await Task.sleep(for: .milliseconds(2))
    }
}

func queue(_ db: PostgresClient, to recipient: String, subject: String = "Hello", body: String = "Body") async throws {
    try await db.withTransaction { connection in
        _ = try Outbox.enqueue(on: connection, to: recipient, subject: subject, body: body)
    }
}

@Suite struct OutboxTests {
    @Test func aMessageIsQueuedOnlyWhenItsTransactionCommits() async throws {
        try await TestDatabase.with { db in
            struct Abandon: Error {}
            await #expect(throws: Abandon.self) {
                try await db.withTransaction { connection in
                    _ = try Outbox.enqueue(on: connection, to: "a@example.org", subject: "s", body: "b")
                    throw Abandon()
                }
            }
            let transport = RecordingTransport()
            let report = try await MailSender(db: db, transport: transport).sendDueMessages()
            #expect(report.sent == 0)
            #expect(transport.sent.isEmpty)
        }
    }

    @Test func deliversThroughTheFileTransportAsEMLFiles() async throws {
        try await TestDatabase.with { db in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)/mail")
            defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
            try await queue(db, to: "sam@example.org", subject: "Your invitation", body: "Open http://127.0.0.1:8080/invite/abc")
            let sender = MailSender(db: db, transport: FileMailTransport(directory: directory))
            #expect(try await sender.sendDueMessages() == .init(sent: 1, failed: 0))
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }
            #expect(files.count == 1)
            let eml = try String(contentsOf: directory.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(eml.contains("To: sam@example.org"))
            #expect(eml.contains("Subject: Your invitation"))
            #expect(eml.contains("/invite/abc"))
            // Sent once: a second round finds nothing due.
            #expect(try await sender.sendDueMessages() == .init(sent: 0, failed: 0))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.count == 1)
        }
    }

    @Test func aFailedSendIsKeptWithItsErrorAndRetriedLater() async throws {
        try await TestDatabase.with { db in
            try await queue(db, to: "lee@example.org", subject: "Reset")
            let transport = RecordingTransport(failing: true)
            let sender = MailSender(db: db, transport: transport)
            #expect(try await sender.sendDueMessages() == .init(sent: 0, failed: 1))
            let row = try await db.query("""
                SELECT attempts, last_error, sent_at IS NULL AS unsent, next_attempt_at > now() AS later FROM mail_outbox
                """)[0]
            #expect(try row.decode("attempts", as: Int.self) == 1)
            #expect(try row.decode("last_error", as: String?.self)?.contains("Down") == true)
            #expect(try row.decode("unsent", as: Bool.self))
            #expect(try row.decode("later", as: Bool.self), "backs off instead of hammering a broken server")
            // Not due yet: nothing is attempted.
            transport.setFailing(false)
            #expect(try await sender.sendDueMessages() == .init(sent: 0, failed: 0))
            // Once the backoff has passed, the same message goes out.
            try await db.query("UPDATE mail_outbox SET next_attempt_at = now()")
            #expect(try await sender.sendDueMessages() == .init(sent: 1, failed: 0))
            #expect(transport.sent.map(\.to) == ["lee@example.org"])
            #expect(try await db.query("SELECT count(*) FROM mail_outbox WHERE sent_at IS NOT NULL")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func upkeepForgetsOldSentMailButNeverUnsentMail() async throws {
        try await TestDatabase.with { db in
            try await queue(db, to: "old@example.org")
            try await queue(db, to: "stuck@example.org")
            try await db.query("""
                UPDATE mail_outbox SET sent_at = CASE WHEN recipient = 'old@example.org' THEN now() - interval '40 days' END,
                                       created_at = now() - interval '40 days'
                """)
            try await makeTestServices(db).purgeExpired()
            let left = try await db.query("SELECT recipient FROM mail_outbox").map { try $0.decode(0, as: String.self) }
            #expect(left == ["stuck@example.org"])
        }
    }

    @Test func twoSendersNeverSendAMessageTwice() async throws {
        try await TestDatabase.with(poolSize: 4) { db in
            for index in 0..<30 { try await queue(db, to: "person\(index)@example.org") }
            let transport = RecordingTransport()
            let first = MailSender(db: db, transport: transport), second = MailSender(db: db, transport: transport)
            async let a = first.sendDueMessages(limit: 5)
            async let b = second.sendDueMessages(limit: 5)
            _ = try await (a, b)
            for _ in 0..<10 {
                async let c = first.sendDueMessages(limit: 5)
                async let d = second.sendDueMessages(limit: 5)
                _ = try await (c, d)
            }
            let recipients = transport.sent.map(\.to)
            #expect(recipients.count == 30)
            #expect(Set(recipients).count == 30)
        }
    }

    @Test func deliversToARealSMTPServer() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await TestDatabase.with { db in
            try await queue(db, to: "ada@example.org", subject: "Über Roundtable", body: "Hello Ada,\n.a dotted line\nBye")
            let sender = MailSender(db: db, transport: try SMTPMailTransport(url: sink.url), from: "Roundtable <noreply@roundtable.test>")
            #expect(try await sender.sendDueMessages() == .init(sent: 1, failed: 0))
            let received = try await sink.message(1)
            #expect(received["rcpttos"] as? [String] == ["ada@example.org"])
            #expect(received["mailfrom"] as? String == "noreply@roundtable.test")
            #expect(received["subject"] as? String == "Über Roundtable")
            #expect(received["body"] as? String == "Hello Ada,\n.a dotted line\nBye")
        }
    }

    @Test func anSMTPOutageLosesNothing() async throws {
        try await TestDatabase.with { db in
            try await queue(db, to: "maya@example.org", subject: "Later")
            // Nothing listens on port 1: the send fails and the message stays queued.
            let down = MailSender(db: db, transport: try SMTPMailTransport(url: "smtp://127.0.0.1:1", timeout: 2))
            #expect(try await down.sendDueMessages() == .init(sent: 0, failed: 1))
            try await db.query("UPDATE mail_outbox SET next_attempt_at = now()")
            let sink = try await SMTPSink()
            defer { sink.stop() }
            let up = MailSender(db: db, transport: try SMTPMailTransport(url: sink.url))
            #expect(try await up.sendDueMessages() == .init(sent: 1, failed: 0))
            #expect(try await sink.message(1)["rcpttos"] as? [String] == ["maya@example.org"])
        }
    }
}
