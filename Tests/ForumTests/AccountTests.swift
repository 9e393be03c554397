import Forum
import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct PasswordTests {
    @Test func productionParametersMeetTheMinimumAndVerify() async throws {
        let hasher = PasswordHasher()
        let hash = try await hasher.hash("a long enough passphrase")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try await hasher.verify("a long enough passphrase", against: hash))
        #expect(try await !hasher.verify("a long enough passphrasE", against: hash))
        #expect(!hasher.needsRehash(hash))
        // Two hashes of one password differ: each has its own salt.
        #expect(try await hasher.hash("a long enough passphrase") != hash)
    }

    @Test func weakerHashesAreRehashedAtSignIn() async throws {
        try await TestDatabase.with { db in
            let weak = PasswordHasher(parameters: .init(memoryKiB: 1024, iterations: 1, parallelism: 1))
            let member = try await Accounts(db: db, hasher: weak).create(.init(
                email: "old@example.org", username: "old", name: "Old Hash", role: .member, schoolSlug: nil,
                password: "correct-horse-battery"))
            let strong = Accounts(db: db, hasher: PasswordHasher())
            #expect(try await strong.signIn(email: "old@example.org", password: "correct-horse-battery") == .success(member))
            let stored: String = try await db.query("SELECT password_hash FROM users WHERE id = $1", [member.id])[0].decode(0)
            #expect(stored.contains("m=19456,t=2"))
        }
    }

    @Test(arguments: [
        ("short", "Use at least 10 characters."),
        ("password123", "That password is one of the most common ones; choose another."),
        ("Qwertyuiop", "That password is one of the most common ones; choose another."),
        ("aaaaaaaaaaaa", "That password repeats one or two characters; choose another."),
        ("sam@example.org", "Your password can't be your email address or username."),
        ("samuel_the_great", "Your password can't be your email address or username."),
    ])
    func policyRefusesWeakPasswords(password: String, message: String) {
        #expect(PasswordPolicy.problem(with: password, email: "sam@example.org", username: "samuel_the_great") == message)
    }

    @Test func policyAcceptsAReasonablePassphrase() {
        #expect(PasswordPolicy.problem(with: "lantern orchard 42", email: "sam@example.org", username: "sam") == nil)
    }
}

@Suite struct AccountTests {
    @Test func emailsAndUsernamesAreUniqueWhateverTheirCase() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            try await services.directory.createSchool(slug: "harbor", name: "Harbor")
            let sam = try await makeMember(services, username: "sam", school: "harbor")
            #expect(sam.schoolName == "Harbor")
            await #expect(throws: ValidationError(field: "email", "An account with that email address already exists.")) {
                try await services.accounts.create(.init(email: "SAM@Example.org", username: "samuel", name: "Samuel",
                                                         role: .member, schoolSlug: nil, password: "correct-horse-battery"))
            }
            await #expect(throws: ValidationError(field: "username", "That username is taken.")) {
                try await services.accounts.create(.init(email: "other@example.org", username: "SAM", name: "Sam Two",
                                                         role: .member, schoolSlug: nil, password: "correct-horse-battery"))
            }
            await #expect(throws: ValidationError(field: "school", "There is no school nowhere.")) {
                try await services.accounts.create(.init(email: "x@example.org", username: "xavier", name: "X",
                                                         role: .member, schoolSlug: "nowhere", password: "correct-horse-battery"))
            }
            let count: Int = try await db.query("SELECT count(*) FROM users")[0].decode(0)
            #expect(count == 1)
        }
    }

    @Test func signInDistinguishesNothingForStrangersButExplainsSuspension() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let sam = try await makeMember(services, username: "sam")
            #expect(try await services.accounts.signIn(email: " Sam@Example.org ", password: "correct-horse-battery") == .success(sam))
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "wrong password") == .invalidCredentials)
            #expect(try await services.accounts.signIn(email: "nobody@example.org", password: "whatever it is") == .invalidCredentials)

            try await db.query("UPDATE users SET suspended_at = now(), suspended_until = now() - interval '1 minute' WHERE id = $1", [sam.id])
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "correct-horse-battery") == .success(sam),
                    "a suspension ends by itself at its end date")
            try await db.query("UPDATE users SET suspended_until = NULL, suspension_reason = 'spam' WHERE id = $1", [sam.id])
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "correct-horse-battery")
                    == .suspended(until: nil, reason: "spam"))
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "wrong password") == .invalidCredentials,
                    "only someone with the password learns of the suspension")
            try await db.query("UPDATE users SET suspended_at = NULL, deactivated_at = now() WHERE id = $1", [sam.id])
            #expect(try await services.accounts.signIn(email: "sam@example.org", password: "correct-horse-battery") == .deactivated)
        }
    }
}

@Suite struct SessionTests {
    @Test func sessionsExpireWhenIdleOrTooOldAndEndAtSignOut() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let sam = try await makeMember(services, username: "sam")
            let token = try await services.sessions.create(for: sam.id, ip: "127.0.0.1", userAgent: "test")
            let found = try #require(try await services.sessions.find(token: token))
            #expect(found.member == sam)
            #expect(found.csrfToken.count == 43)
            #expect(try await services.sessions.find(token: token + "x") == nil)

            // Only a hash is stored: the token itself is nowhere in the table.
            let stored = try await db.query("SELECT count(*) FROM sessions WHERE token_hash::text LIKE '%' || $1 || '%'", [token])
            #expect(try stored[0].decode(0, as: Int.self) == 0)

            try await db.query("UPDATE sessions SET last_seen_at = now() - interval '15 days'")
            #expect(try await services.sessions.find(token: token) == nil, "idle for longer than the idle timeout")

            let second = try await services.sessions.create(for: sam.id, ip: nil, userAgent: nil)
            try await db.query("UPDATE sessions SET expires_at = now() - interval '1 second'")
            #expect(try await services.sessions.find(token: second) == nil, "past the absolute timeout")

            let third = try await services.sessions.create(for: sam.id, ip: nil, userAgent: nil)
            #expect(try await services.sessions.find(token: third) != nil)
            try await services.sessions.delete(token: third)
            #expect(try await services.sessions.find(token: third) == nil)

            try await services.purgeExpired()
            #expect(try await db.query("SELECT count(*) FROM sessions")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func suspendingAMemberStopsTheirSessionsAtOnce() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let sam = try await makeMember(services, username: "sam")
            let token = try await services.sessions.create(for: sam.id, ip: nil, userAgent: nil)
            try await db.query("UPDATE users SET suspended_at = now() WHERE id = $1", [sam.id])
            #expect(try await services.sessions.find(token: token) == nil)
            try await db.query("UPDATE users SET suspended_at = NULL WHERE id = $1", [sam.id])
            #expect(try await services.sessions.find(token: token) != nil)
        }
    }
}

@Suite struct RateLimiterTests {
    @Test func countsPerKeyAndSaysWhenToRetry() async throws {
        try await TestDatabase.with { db in
            let limiter = RateLimiter(db: db)
            for _ in 1...3 { #expect(try await limiter.hit("signin:1.2.3.4", limit: 3) == .allowed) }
            guard case .limited(let retryAfter) = try await limiter.hit("signin:1.2.3.4", limit: 3) else {
                Issue.record("the fourth attempt was allowed")
                return
            }
            #expect((1...60).contains(retryAfter))
            #expect(try await limiter.hit("signin:5.6.7.8", limit: 3) == .allowed, "other keys are unaffected")
            #expect(try await limiter.check("failures:sam", limit: 1) == .allowed)
            _ = try await limiter.hit("failures:sam", limit: 1)
            #expect(try await limiter.check("failures:sam", limit: 1) != .allowed, "check sees the recorded failure")
        }
    }
}
