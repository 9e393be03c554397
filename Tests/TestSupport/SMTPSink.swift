import Foundation

/// A real SMTP server for tests: Python's standard-library `smtpd`, driven by
/// Tests/smtp_sink.py, run as a child process. Each received message lands as JSON in a folder.
public final class SMTPSink: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let process = Process()
    let stdin = Pipe()  // the sink exits on EOF, i.e. when this test process goes away
    public let directory: URL
    public private(set) var port = 0

    /// Starts the sink on a free port. `refuseEHLO` makes it answer EHLO with an error, to test
    /// the HELO fallback.
    public init(refuseEHLO: Bool = false) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = TestDatabase.packageRoot.appendingPathComponent("Tests/smtp_sink.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-W", "ignore", script.path, directory.path] + (refuseEHLO ? ["noehlo"] : [])
        process.standardInput = stdin
        try process.run()
        let portFile = directory.appendingPathComponent("port")
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw Failure(description: "the SMTP sink did not start")
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The `n`th message received (from 1), waiting up to five seconds for it.
    public func message(_ n: Int) async throws -> [String: Any] {
        let file = directory.appendingPathComponent("msg\(n).json")
        for _ in 0..<100 {
            if let data = try? Data(contentsOf: file),
               let message = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
                return message
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure(description: "no message \(n) received")
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
