import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum SMTPStage: String, Sendable {
    case greeting, ehlo, helo, mailFrom, rcptTo, data, body
}

public enum SMTPError: Error, Equatable, Sendable {
    case invalidURL(String)
    case connectionFailed(host: String, port: Int, errno: Int32)
    case timedOut(stage: SMTPStage)
    case connectionClosed(stage: SMTPStage)
    case malformedReply(line: String, stage: SMTPStage)
    case unexpectedReply(code: Int, line: String, stage: SMTPStage)
}

/// Plain SMTP (no TLS, no AUTH) for a local relay or smarthost. Every failure throws, so the
/// caller can keep the message queued and retry later.
public struct SMTPMailTransport: MailTransport {
    public let host: String
    public let port: Int
    public let heloName: String
    public let timeout: TimeInterval

    public init(url: String, heloName: String = "localhost", timeout: TimeInterval = 10) throws {
        guard let components = URLComponents(string: url), components.scheme?.lowercased() == "smtp",
            let host = components.host, !host.isEmpty
        else { throw SMTPError.invalidURL(url) }
        let port = components.port ?? 25
        guard (1...65535).contains(port) else { throw SMTPError.invalidURL(url) }
        self.host = host
        self.port = port
        self.heloName = heloName
        self.timeout = timeout
    }

    public func send(_ message: MailMessage) async throws {
        // Socket calls block; run them on a dedicated thread so the cooperative pool never stalls.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            Thread {
                do {
                    try deliver(message)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    private func deliver(_ message: MailMessage) throws {
        let connection = try SMTPConnection(host: host, port: port, timeout: timeout)
        defer { connection.close() }
        try connection.expect([220], stage: .greeting)
        try connection.write("EHLO \(heloName)\r\n", stage: .ehlo)
        let ehlo = try connection.readReply(stage: .ehlo)
        if ehlo.code / 100 == 5 {
            // Pre-ESMTP server: it rejected the command, not us.
            try connection.write("HELO \(heloName)\r\n", stage: .helo)
            try connection.expect([250], stage: .helo)
        } else if ehlo.code != 250 {
            throw SMTPError.unexpectedReply(code: ehlo.code, line: ehlo.line, stage: .ehlo)
        }
        try connection.write("MAIL FROM:<\(MailMessage.envelopeAddress(of: message.from))>\r\n", stage: .mailFrom)
        try connection.expect([250], stage: .mailFrom)
        try connection.write("RCPT TO:<\(MailMessage.envelopeAddress(of: message.to))>\r\n", stage: .rcptTo)
        try connection.expect([250, 251], stage: .rcptTo)
        try connection.write("DATA\r\n", stage: .data)
        try connection.expect([354], stage: .data)
        try connection.write(Self.dataPayload(message.rfc5322()), stage: .body)
        try connection.expect([250], stage: .body)
        // The message is accepted at this point; a failed QUIT must not trigger a resend.
        try? connection.write("QUIT\r\n", stage: .body)
        _ = try? connection.readReply(stage: .body)
    }

    /// CRLF-normalised, dot-stuffed message followed by the end-of-data marker.
    static func dataPayload(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count + 64)
        var atLineStart = true
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                if byte == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                out += [13, 10]
                atLineStart = true
            } else {
                if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
                out.append(byte)
                atLineStart = false
            }
            i += 1
        }
        if !atLineStart || out.isEmpty { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}

/// One blocking SMTP client socket with a small line reader.
private final class SMTPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeout: TimeInterval) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let list else {
            throw SMTPError.connectionFailed(host: host, port: port, errno: EHOSTUNREACH)
        }
        defer { freeaddrinfo(list) }

        var lastError = ECONNREFUSED
        var candidate: UnsafeMutablePointer<addrinfo>? = list
        while let info = candidate {
            candidate = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
            // On Linux SO_SNDTIMEO also bounds a blocking connect(), so no non-blocking dance is needed.
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                self.fd = fd
                return
            }
            lastError = errno
            Glibc.close(fd)
        }
        throw SMTPError.connectionFailed(host: host, port: port, errno: lastError)
    }

    func close() { Glibc.close(fd) }

    func write(_ text: String, stage: SMTPStage) throws { try write(Array(text.utf8), stage: stage) }

    func write(_ bytes: [UInt8], stage: SMTPStage) throws {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a peer that hung up must become an error, not kill the process.
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw errno == EAGAIN || errno == EWOULDBLOCK
                    ? SMTPError.timedOut(stage: stage) : SMTPError.connectionClosed(stage: stage)
            }
            sent += n
        }
    }

    /// Reads a possibly multi-line reply (`250-…` continuation lines, then `250 …`).
    func readReply(stage: SMTPStage) throws -> (code: Int, line: String) {
        while true {
            let line = try readLine(stage: stage)
            let scalars = Array(line.utf8)
            guard scalars.count >= 3, let code = Int(String(decoding: scalars[0..<3], as: UTF8.self)),
                (200...599).contains(code) || (100...199).contains(code)
            else { throw SMTPError.malformedReply(line: line, stage: stage) }
            if scalars.count > 3 && scalars[3] == UInt8(ascii: "-") { continue }
            return (code, line)
        }
    }

    func expect(_ codes: Set<Int>, stage: SMTPStage) throws {
        let reply = try readReply(stage: stage)
        guard codes.contains(reply.code) else {
            throw SMTPError.unexpectedReply(code: reply.code, line: reply.line, stage: stage)
        }
    }

    private func readLine(stage: SMTPStage) throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            // RFC 5321 caps reply lines at 512 octets; a runaway peer must not grow memory forever.
            guard buffer.count < 8192 else {
                throw SMTPError.malformedReply(line: String(decoding: buffer.prefix(80), as: UTF8.self), stage: stage)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                buffer += chunk[0..<n]
            } else if n == 0 {
                throw SMTPError.connectionClosed(stage: stage)
            } else if errno != EINTR {
                throw errno == EAGAIN || errno == EWOULDBLOCK
                    ? SMTPError.timedOut(stage: stage) : SMTPError.connectionClosed(stage: stage)
            }
        }
    }
}
