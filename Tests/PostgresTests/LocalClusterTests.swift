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
}
