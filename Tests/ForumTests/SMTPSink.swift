import Foundation
import Testing
import TestSupport

/// The Python stdlib SMTP sink the Mail tests use (Tests/MailTests/Resources/smtp_sink.py),
/// run as a child process.
final class SMTPSink {
    let process = Process()
    let stdin = Pipe()  // the sink exits on EOF, i.e. when this test process goes away
    let directory: URL
    private(set) var port = 0

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = TestDatabase.packageRoot.appendingPathComponent("Tests/MailTests/Resources/smtp_sink.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-W", "ignore", script.path, directory.path]
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
        Issue.record("SMTP sink did not start")
        throw CancellationError()
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func message(_ n: Int) async throws -> [String: Any] {
        let file = directory.appendingPathComponent("msg\(n).json")
        for _ in 0..<100 {
            if let data = try? Data(contentsOf: file) {
                return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("no message \(n) received")
        return [:]
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
