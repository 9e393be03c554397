import Forum
import ForumWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Mail
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real server (not the router alone) closes connections that stay idle or that never
/// finish sending their headers; before, a slow or silent client held one open forever.
@Suite struct IdleTimeoutTests {
    @Test func idleAndSlowHeaderConnectionsAreClosed() async throws {
        try await TestDatabase.with(poolSize: 2) { db in
            let services = makeTestServices(db)
            let configuration = WebConfiguration(baseURL: "http://127.0.0.1:8080", rootDirectory: TestDatabase.packageRoot,
                                                 idleTimeoutSeconds: 1)
            let mailDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rt-idle-\(getpid())")
            defer { try? FileManager.default.removeItem(at: mailDirectory) }
            let app = try await buildApplication(
                services: services, configuration: configuration, host: "127.0.0.1", port: 0,
                logger: Logger(label: "idle-test"), mailTransport: FileMailTransport(directory: mailDirectory))
            try await app.test(.live) { client in
                let port = try #require(client.port)
                // Nothing sent at all; then half a request's headers, never finished.
                for opening in ["", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "] {
                    let closedAfter = try await Self.secondsUntilClosed(port: port, sending: opening, giveUpAfter: 8)
                    #expect(closedAfter != nil, "connection still open after 8 s (sent \(opening.count) bytes)")
                }
            }
        }
    }

    /// Opens a connection, sends `text`, and waits for the server to close it: the seconds
    /// that took, or nil if it was still open after `giveUpAfter` seconds.
    static func secondsUntilClosed(port: Int, sending text: String, giveUpAfter limit: Int) async throws -> Double? {
        try await withCheckedThrowingContinuation { continuation in
            // Blocking socket calls run on a thread of their own, not the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingSecondsUntilClosed(port: port, sending: text, giveUpAfter: limit) })
            }
        }
    }

    static func blockingSecondsUntilClosed(port: Int, sending text: String, giveUpAfter limit: Int) throws -> Double? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        if !text.isEmpty { _ = text.withCString { send(descriptor, $0, strlen($0), 0) } }
        var timeout = timeval(tv_sec: limit, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let start = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received == 0 { return Date().timeIntervalSince(start) }  // closed by the server
            if received < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }  // still open at the deadline
                if errno == ECONNRESET { return Date().timeIntervalSince(start) }
                if errno == EINTR { continue }
                throw POSIXError(.EIO)
            }
            // A response (a 408, say) may come before the close; keep reading.
        }
    }
}
