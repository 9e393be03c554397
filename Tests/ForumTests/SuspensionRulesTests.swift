import Forum
import Foundation
import Testing
import TestSupport

@Suite struct SuspensionRulesTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29

    @Test func untilIsADayAfterTodayOrNothing() throws {
        #expect(try Suspensions.parseUntil("", now: Self.now) == nil)
        #expect(try Suspensions.parseUntil("  ", now: Self.now) == nil)
        let end = try #require(try Suspensions.parseUntil("2026-12-01", now: Self.now))
        #expect(Suspensions.day(end) == "2026-12-01")
        for bad in ["2026-02-30", "2026-13-01", "1-2-3", "2026/12/01", "tomorrow", "2026-12-01T00:00"] {
            #expect(throws: ValidationError.self, "\(bad)") { try Suspensions.parseUntil(bad, now: Self.now) }
        }
        #expect(throws: ValidationError(field: "until", "Choose a day after today.")) {
            try Suspensions.parseUntil("2026-11-29", now: Self.now)
        }
    }

    @Test func aSuspensionEndsByItselfAtItsEnd() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let moderator = try await makeMember(services, username: "maya", role: .moderator)
            let member = try await makeMember(services, username: "sam")
            let tomorrow = Suspensions.day(Date().addingTimeInterval(36 * 3600))
            try await services.suspensions.suspend(username: "sam", by: moderator, reason: "Cooling off", until: tomorrow)
            let suspended = try #require(try await services.suspensions.status(username: "sam"))
            #expect(suspended.isSuspended)
            #expect(try await services.suspensions.current().map(\.member.id) == [member.id])
            let refused = try await services.accounts.signIn(email: "sam@example.org", password: "correct-horse-battery")
            #expect(refused == .suspended(until: suspended.suspendedUntil, reason: "Cooling off"))

            // Time passes: the end is now behind us and nothing had to run.
            try await db.query("UPDATE users SET suspended_until = now() - interval '1 second' WHERE id = $1", [member.id])
            #expect(try await services.suspensions.status(username: "sam")?.isSuspended == false)
            #expect(try await services.suspensions.current().isEmpty)
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "correct-horse-battery") == .success(member))
        }
    }
}
