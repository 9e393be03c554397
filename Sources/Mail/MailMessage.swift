import Foundation

public struct MailMessage: Sendable {
    /// `addr@host` or `Display Name <addr@host>`. CR, LF and other controls are removed on init,
    /// so no field can smuggle extra header lines or SMTP commands.
    public let from: String
    public let to: String
    public let subject: String
    public let textBody: String
    public let messageID: String
    public let date: Date
    /// An HTML alternative to `textBody`; with it the message is multipart/alternative.
    public let htmlBody: String?
    /// Further header lines (`List-Unsubscribe`, `Reply-To`, `Auto-Submitted`, ...). Names that
    /// aren't plain tokens, and those the message writes itself, are dropped; values are made
    /// header-safe like every other field.
    public let extraHeaders: [(name: String, value: String)]

    public init(from: String, to: String, subject: String, textBody: String, messageID: String? = nil, date: Date = Date(),
                htmlBody: String? = nil, extraHeaders: [(name: String, value: String)] = []) {
        self.from = Self.headerSafe(from)
        self.to = Self.headerSafe(to)
        self.subject = Self.headerSafe(subject)
        self.textBody = textBody
        self.date = date
        self.htmlBody = htmlBody
        self.extraHeaders = extraHeaders.compactMap { header in
            guard Self.isAllowedExtraHeader(header.name) else { return nil }
            return (header.name, Self.headerSafe(header.value))
        }
        if let messageID {
            self.messageID = Self.headerSafe(messageID)
        } else {
            let domain = Self.domain(of: Self.envelopeAddress(of: self.from)) ?? "localhost"
            self.messageID = "<\(UUID().uuidString.lowercased())@\(domain)>"
        }
    }

    /// The bare address for the SMTP envelope: the part in angle brackets if present.
    public static func envelopeAddress(of address: String) -> String {
        if let open = address.lastIndex(of: "<"),
            let close = address[open...].firstIndex(of: ">")
        {
            return String(address[address.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return address.trimmingCharacters(in: .whitespaces)
    }

    /// The full message with CRLF line endings. The body is quoted-printable so the message is
    /// 7-bit clean with short lines: relays without 8BITMIME and the 998-octet line limit are non-issues.
    public func rfc5322() -> String {
        var headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.encodeDisplayName(from))",
            "To: \(Self.encodeDisplayName(to))",
            "Subject: \(Self.encodeHeaderText(subject))",
            "Message-ID: \(messageID)",
        ]
        headers += extraHeaders.map { "\($0.name): \(Self.encodeHeaderText($0.value))" }
        headers.append("MIME-Version: 1.0")
        guard let htmlBody else {
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"]
            return headers.joined(separator: "\r\n") + "\r\n\r\n" + QuotedPrintable.encode(textBody)
        }
        // Quoted-printable output never holds "--" followed by this random boundary's "=_" part.
        let boundary = "=_rt_" + UUID().uuidString.lowercased()
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        func part(_ type: String, _ body: String) -> String {
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + QuotedPrintable.encode(body) + "\r\n"
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + part("text/plain", textBody) + part("text/html", htmlBody) + "--\(boundary)--\r\n"
    }

    /// Header names this type writes itself may not be set again through `extraHeaders`.
    private static let reservedHeaders: Set<String> = [
        "date", "from", "to", "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding",
        "cc", "bcc",
    ]

    static func isAllowedExtraHeader(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && !reservedHeaders.contains(name.lowercased())
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    public static func headerSafe(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            if scalar == "\r" || scalar == "\n" || scalar == "\t" {
                pendingSpace = true  // a folded line becomes a single space, not glued words
            } else if scalar.properties.generalCategory == .control {
                continue
            } else {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func rfc5322Date(_ date: Date) -> String {
        // A fresh formatter per call: DateFormatter is not Sendable and this is not hot.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    private static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        let ok = !domain.isEmpty && domain.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        return ok ? String(domain) : nil
    }

    /// Only a non-ASCII display name needs encoding; the address itself must stay readable.
    private static func encodeDisplayName(_ address: String) -> String {
        guard let open = address.lastIndex(of: "<"), !address.allSatisfy(\.isASCII) else { return address }
        let name = address[..<open].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.allSatisfy(\.isASCII) else { return address }
        return encodeHeaderText(name) + " " + address[open...]
    }

    /// RFC 2047 B-encoding when needed. Words are cut at scalar boundaries and kept within
    /// the 75-character encoded-word limit, folded onto continuation lines.
    static func encodeHeaderText(_ text: String) -> String {
        guard !text.allSatisfy(\.isASCII) else { return text }
        let maxPayload = 45  // 45 bytes -> 60 base64 chars; plus "=?UTF-8?B?" and "?=" = 72
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxPayload {
                words.append(chunk.base64Word)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(chunk.base64Word) }
        return words.joined(separator: "\r\n ")
    }
}

extension Array where Element == UInt8 {
    fileprivate var base64Word: String { "=?UTF-8?B?\(Data(self).base64EncodedString())?=" }
}

enum QuotedPrintable {
    /// RFC 2045 encoding of UTF-8 text; any line-ending style becomes CRLF (a hard break).
    static func encode(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map(encodeLine).joined(separator: "\r\n")
    }

    private static func encodeLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var out = ""
        var width = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !isLast)  // trailing whitespace may be stripped in transit
            let token = literal ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
            // Soft break keeps every physical line within 76 characters including the "=".
            if width + token.count > (isLast ? 76 : 75) {
                out += "=\r\n"
                width = 0
            }
            out += token
            width += token.count
        }
        return out
    }
}
