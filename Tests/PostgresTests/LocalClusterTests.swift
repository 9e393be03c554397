import Foundation
import Postgres
import Testing

@Suite(.serialized) struct LocalClusterTests {
    func temporaryDirectory() -> URL {
        URL(fileURLWithPath: "/tmp/roundtable-cluster-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    @Test func startsOnASocketOnlyAndTheLastUserStopsIt() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try LocalCluster(directory: directory, options: .init(durable: false))
        let conninfo = try first.start()
        #expect(conninfo.contains("host=\(first.socketDirectory.path)"))
        let connection = try PostgresConnection(conninfo: conninfo)
        #expect(try connection.query("SHOW listen_addresses")[0].decode(0, as: String.self) == "")
        #expect(try connection.query("SELECT current_database()")[0].decode(0, as: String.self) == "roundtable")

        // A second process (here: a second handle) joins the running server.
        let second = try LocalCluster(directory: directory, options: .init(durable: false))
        _ = try second.start()
        first.stopIfLastUser()
        #expect(first.isRunning(), "still in use by the second user")
        second.stopIfLastUser()
        #expect(!second.isRunning())
    }

    @Test func recoversFromAStalePidFile() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try LocalCluster(directory: directory, options: .init(durable: false))
        _ = try cluster.start()
        try cluster.forceStop()
        // What a crash leaves behind: a pid file naming a process that is gone.
        let pidFile = cluster.dataDirectory.appendingPathComponent("postmaster.pid")
        try "999999\n\(cluster.dataDirectory.path)\n1700000000\n5432\n".write(to: pidFile, atomically: true, encoding: .utf8)
        #expect(!cluster.isRunning())
        let conninfo = try cluster.start()
        #expect(try PostgresConnection(conninfo: conninfo).query("SELECT 1").count == 1)
        cluster.stopIfLastUser()
    }

    /// A `serve` killed with SIGKILL leaves its server running with nobody holding the lock:
    /// the next `serve` (a fresh `LocalCluster`) reuses it. If that server is shutting down
    /// (the supervisor sent it SIGTERM; it waits for its last client) or won't answer, the
    /// next one stops it and starts afresh instead of failing to connect.
    @Test func aFreshHandleTakesOverAnOrphanedServer() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let options = LocalCluster.Options(durable: false, orphanPatienceSeconds: 2)
        do {
            // The crashed process: started the server, never stopped it, its handle is gone.
            let crashed = try LocalCluster(directory: directory, options: options)
            _ = try crashed.start()
        }
        let restarted = try LocalCluster(directory: directory, options: options)
        let conninfo = try restarted.start()
        #expect(try PostgresConnection(conninfo: conninfo).query("SELECT 1").count == 1)

        // Now the orphan is shutting down but a client of the dead process keeps it from finishing.
        let lingering = try PostgresConnection(conninfo: conninfo)
        let pidText = try String(contentsOf: restarted.dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        let pid = try #require(pid_t(pidText.split(separator: "\n").first.map(String.init) ?? ""))
        #expect(kill(pid, SIGTERM) == 0)
        usleep(300_000)
        #expect(restarted.isRunning())
        #expect((try? PostgresConnection(conninfo: conninfo).query("SELECT 1")) == nil, "refuses while shutting down")

        let next = try LocalCluster(directory: directory, options: options)
        let fresh = try next.start()
        #expect(try PostgresConnection(conninfo: fresh).query("SELECT 1").count == 1)
        _ = lingering
        restarted.stopIfLastUser()
        next.stopIfLastUser()
        #expect(!next.isRunning())
    }
}
