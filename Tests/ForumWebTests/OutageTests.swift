import Forum
import ForumWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import TestSupport
import Testing

@Suite struct OutageTests {
    /// The database goes away and comes back: the forum answers 503 meanwhile and recovers
    /// without a restart. Uses a cluster of its own, since it stops the server.
    @Test func answers503WhileTheDatabaseIsDownAndRecovers() async throws {
        let directory = URL(fileURLWithPath: "/tmp/roundtable-outage-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try LocalCluster(directory: directory, options: .init(durable: false))
        let conninfo = try cluster.start()
        let db = PostgresClient(configuration: .init(conninfo: conninfo, poolSize: 2))
        try await Migrator(directory: TestDatabase.packageRoot.appendingPathComponent("sql")).migrate(db)
        let services = makeTestServices(db)
        let fixture = try await Fixture.load(services)
        let configuration = WebConfiguration(baseURL: "http://127.0.0.1:8080", rootDirectory: TestDatabase.packageRoot)
        let renderer = Renderer()
        let app = Application(router: buildRouter(services: services, configuration: configuration, renderer: renderer))
        try await app.test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn(fixture.member.email)
            #expect(try await browser.get("/").status == .ok)

            try cluster.forceStop()
            let health = try await browser.get("/healthz")
            #expect(health.status == .serviceUnavailable)
            let home = try await browser.get("/")
            #expect(home.status == .serviceUnavailable)
            #expect(home.contains("Temporarily unavailable"))
            #expect(home.headers[.retryAfter] != nil)

            _ = try cluster.start()
            // The first request may still meet a connection from before; the next ones recover.
            _ = try? await browser.get("/healthz")
            #expect(try await browser.get("/healthz").status == .ok)
            #expect(try await browser.get("/").status == .ok, "the session survived the outage")
        }
        await db.shutdown()
        cluster.stopIfLastUser()
    }
}
