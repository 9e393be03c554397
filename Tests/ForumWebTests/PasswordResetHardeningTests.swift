import Forum
import Foundation
import Postgres
import Testing
import TestSupport

@Suite struct PasswordResetHardeningTests {
    /// A reset link mailed before the password changed in settings must not set it again.
    @Test func changingThePasswordVoidsOutstandingResetLinks() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let visitor = forum.browser()
            try await visitor.get("/password/forgot")
            try await visitor.post("/password/forgot", ["email": "sam@example.org"])
            let path = try await mailedPath(forum.services, to: "sam@example.org", prefix: "/password/reset/")
            #expect(try await visitor.get(path).status == .ok)

            let owner = forum.browser()
            try await owner.signIn("sam@example.org")
            try await owner.get("/settings")
            let changed = try await owner.post("/settings/password", [
                "current_password": "correct-horse-battery", "password": "owner-chose-this-one", "password_confirm": "owner-chose-this-one",
            ])
            #expect(changed.status == .seeOther)

            #expect(try await visitor.get(path).status == .gone)
            let reset = try await visitor.post(path, ["password": "attacker-chose-this", "password_confirm": "attacker-chose-this"])
            #expect(reset.status == .gone)
            #expect(try await forum.browser().signIn("sam@example.org", password: "owner-chose-this-one").status == .seeOther)
        }
    }

    /// Asking for a reset does the same work whether or not the address has an account: the
    /// same statement in one writing transaction (`PasswordResets.requestSQL`), which inserts the
    /// reset and its mail only for an account it finds. (Time itself is never asserted in a unit
    /// test; measured by hand the known address cost 1.5x before and ~1.0x after.)
    @Test func askingForAResetAnswersAlikeAndMailsOnlyAnAccount() async throws {
        try await TestDatabase.with(poolSize: 1) { db in
            let services = makeTestServices(db)
            try await makeMember(services, username: "sam")
            let resets = services.passwordResets
            let known = try await resets.request(email: "sam@example.org", ip: "192.0.2.1", linkBase: "http://127.0.0.1:8080")
            let unknown = try await resets.request(email: "nobody@example.org", ip: "192.0.2.2", linkBase: "http://127.0.0.1:8080")
            #expect(known == unknown)
            let mails: [String] = try await db.query("SELECT recipient FROM mail_outbox ORDER BY id").map { try $0.decode(0) }
            #expect(mails == ["sam@example.org"])
            let resetRows: Int = try await db.query("SELECT count(*) FROM password_resets")[0].decode(0)
            #expect(resetRows == 1)
        }
    }
}
