import Foundation
import Testing
import TestSupport

@testable import Mail

#if canImport(Glibc)
import Glibc
#endif

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mailtests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct FileMailTransportTests {
    @Test func writesOneCompleteEMLFile() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outbox = root.appendingPathComponent("outbox/nested")  // must be created on demand
        let message = MailMessage(from: "a@b.test", to: "c@d.test", subject: "Hi", textBody: "Body")
        try await FileMailTransport(directory: outbox).send(message)
        try await FileMailTransport(directory: outbox).send(message)

        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
        #expect(files.count == 1, "same message twice maps to the same name, replaced atomically")
        let name = try #require(files.first)
        #expect(name.hasSuffix(".eml") && !name.hasPrefix("."))
        let contents = try String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8)
        #expect(contents == message.rfc5322())

        try await FileMailTransport(directory: outbox).send(MailMessage(from: "a@b.test", to: "c@d.test", subject: "2", textBody: ""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).count == 2)
    }
}

@Suite(.timeLimit(.minutes(1))) struct SMTPMailTransportTests {
    @Test func parsesURL() throws {
        let plain = try SMTPMailTransport(url: "smtp://mail.internal")
        #expect(plain.host == "mail.internal" && plain.port == 25)
        #expect(try SMTPMailTransport(url: "SMTP://127.0.0.1:2525").port == 2525)
        #expect(throws: SMTPError.self) { try SMTPMailTransport(url: "smtps://mail.internal") }
        #expect(throws: SMTPError.self) { try SMTPMailTransport(url: "http://mail.internal:25") }
        #expect(throws: SMTPError.self) { try SMTPMailTransport(url: "smtp://") }
    }

    @Test func deliversToRealSMTPServer() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let subject = "Grüße aus der Tafelrunde ⚔️"
        let body = "Hello Alice,\n.a line starting with a dot\n..and one with two\n.\nünïcødé " + String(repeating: "long ", count: 40) + "\n-- \nRoundtable"
        let message = MailMessage(from: "Roundtable <noreply@roundtable.test>", to: "alice@example.org", subject: subject, textBody: body)
        try await SMTPMailTransport(url: sink.url).send(message)

        let received = try await sink.message(1)
        #expect(received["mailfrom"] as? String == "noreply@roundtable.test")
        #expect(received["rcpttos"] as? [String] == ["alice@example.org"])
        #expect(received["subject"] as? String == subject)
        #expect(received["body"] as? String == body)
        let raw = try #require(received["raw"] as? String)
        #expect(raw.contains("\n.a line starting with a dot\n..and one with two\n.\n"))
    }

    @Test func fallsBackToHELO() async throws {
        let sink = try await SMTPSink(refuseEHLO: true)
        defer { sink.stop() }
        try await SMTPMailTransport(url: sink.url).send(MailMessage(from: "a@b.test", to: "c@d.test", subject: "s", textBody: "old server"))
        #expect(try await sink.message(1)["body"] as? String == "old server")
    }

    @Test func rejectedRecipientThrowsWithStage() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        let transport = try SMTPMailTransport(url: sink.url)
        await #expect(throws: SMTPError.unexpectedReply(code: 550, line: "550 No such user here", stage: .rcptTo)) {
            try await transport.send(MailMessage(from: "a@b.test", to: "reject@d.test", subject: "s", textBody: "b"))
        }
    }

    @Test func closedPortThrowsQuickly() async throws {
        // Bind an ephemeral port and release it, so nothing is listening there.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(fd, $0, length)
                _ = getsockname(fd, $0, &length)
            }
        }
        close(fd)
        let port = Int(UInt16(bigEndian: addr.sin_port))

        let transport = try SMTPMailTransport(url: "smtp://127.0.0.1:\(port)", timeout: 2)
        let started = Date()
        await #expect(throws: SMTPError.self) {
            try await transport.send(MailMessage(from: "a@b.test", to: "c@d.test", subject: "s", textBody: "b"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
