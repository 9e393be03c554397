import Foundation
import Testing

@testable import Mail

@Suite struct MailMessageTests {
    let message = MailMessage(
        from: "Roundtable <noreply@roundtable.test>", to: "alice@example.org",
        subject: "Welcome", textBody: "Hello\nworld\r\nbye", date: Date(timeIntervalSince1970: 0))

    @Test func usesCRLFEverywhere() {
        let text = message.rfc5322()
        let bytes = Array(text.utf8)
        for (i, b) in bytes.enumerated() where b == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
        for (i, b) in bytes.enumerated() where b == 13 { #expect(i + 1 < bytes.count && bytes[i + 1] == 10) }
        #expect(text.hasSuffix("\r\n\r\nHello\r\nworld\r\nbye"))
    }

    @Test func hasRequiredHeaders() throws {
        let text = message.rfc5322()
        let headerBlock = try #require(text.components(separatedBy: "\r\n\r\n").first)
        let headers = headerBlock.components(separatedBy: "\r\n")
        #expect(headers.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        #expect(headers.contains("From: Roundtable <noreply@roundtable.test>"))
        #expect(headers.contains("To: alice@example.org"))
        #expect(headers.contains("Subject: Welcome"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(headers.contains("Message-ID: \(message.messageID)"))
        #expect(message.messageID.hasPrefix("<") && message.messageID.hasSuffix("@roundtable.test>"))
        #expect(MailMessage(from: "a@b.c", to: "d@e.f", subject: "", textBody: "").messageID != message.messageID)
    }

    @Test func headerInjectionIsStripped() {
        let evil = MailMessage(
            from: "x@y.z\r\nBcc: victim@evil.test", to: "alice@example.org\nCc: other@evil.test",
            subject: "Hi\r\nBcc: everyone@evil.test\r\n\r\nfake body", textBody: "body")
        let headerBlock = evil.rfc5322().components(separatedBy: "\r\n\r\n")[0]
        let names = headerBlock.components(separatedBy: "\r\n").map { $0.prefix { $0 != ":" } }
        #expect(!names.contains("Bcc") && !names.contains("Cc"))
        #expect(evil.subject == "Hi Bcc: everyone@evil.test fake body")
        #expect(!evil.to.contains("\n") && !evil.from.contains("\r"))
    }

    @Test func nonASCIISubjectIsEncodedWordByWord() throws {
        let subject = "Grüße aus der Tafelrunde – ein ziemlich langer Betreff mit Ümlauten und Emoji 🛡️⚔️"
        let m = MailMessage(from: "a@b.c", to: "d@e.f", subject: subject, textBody: "")
        let text = m.rfc5322()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let start = try #require(text.range(of: "Subject: "))
        let end = try #require(text.range(of: "\r\nMessage-ID:"))
        let encoded = String(text[start.upperBound..<end.lowerBound])
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = Data()
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let b64 = word.dropFirst(10).dropLast(2)
            let chunk = try #require(Data(base64Encoded: String(b64)))
            #expect(String(data: chunk, encoding: .utf8) != nil)  // no word splits a character
            decoded += chunk
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test func nonASCIIDisplayNameIsEncoded() {
        let m = MailMessage(from: "Café Bot <bot@cafe.test>", to: "d@e.f", subject: "s", textBody: "")
        #expect(m.rfc5322().contains("From: =?UTF-8?B?\(Data("Café Bot".utf8).base64EncodedString())?= <bot@cafe.test>"))
        #expect(MailMessage.envelopeAddress(of: m.from) == "bot@cafe.test")
    }

    @Test func quotedPrintableBodyKeepsLinesShort() {
        let body = String(repeating: "é", count: 100) + " \n" + String(repeating: "a=b ", count: 40) + "\n.dot"
        let encoded = QuotedPrintable.encode(body)
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) }
        #expect(encoded.contains("=3D"))
        #expect(encoded.contains("=20\r\n"))  // trailing space survives as an escape
        #expect(encoded.hasSuffix("\r\n.dot"))
    }

    @Test func dataPayloadDotStuffsAndNormalisesLineEndings() {
        let payload = SMTPMailTransport.dataPayload(".a\n..b\rc\r\n.\r\nend")
        #expect(String(decoding: payload, as: UTF8.self) == "..a\r\n...b\r\nc\r\n..\r\nend\r\n.\r\n")
        #expect(String(decoding: SMTPMailTransport.dataPayload("x\r\n"), as: UTF8.self) == "x\r\n.\r\n")
    }
}
