import Forum
import Foundation
import Postgres
import Testing
import TestSupport

/// What the enrolment page shows, read back as a person with an authenticator app would.
struct Enrolled {
    var secret: [UInt8]
    var recoveryCodes: [String]
    /// The step whose code turned it on: that code, and any earlier one, is spent.
    var step: Int64

    func code(_ offset: Int64) -> String { OneTimeCode.hotp(secret: secret, counter: UInt64(step + offset)) }
}

/// RFC 4648 base32, spaces ignored: the key as the page shows it.
func decodeBase32(_ text: String) -> [UInt8] {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var bytes: [UInt8] = []
    var buffer = 0, bits = 0
    for character in text.uppercased() where character != " " {
        guard let value = alphabet.firstIndex(of: character) else { continue }
        buffer = (buffer << 5 | value) & 0xFFFF
        bits += 5
        if bits >= 8 {
            bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
            bits -= 8
        }
    }
    return bytes
}

/// Turns two-factor sign-in on through the pages, for a signed-in browser.
func enrol(_ browser: Browser) async throws -> Enrolled {
    let page = try await browser.get("/settings/2fa")
    #expect(page.status == .ok)
    let shown = try #require(page.firstMatch(#"id="totp-secret">([A-Z2-7 ]+)<"#))
    let secret = decodeBase32(shown)
    #expect(secret.count == 20)
    let now = Date()
    let confirmed = try await browser.post("/settings/2fa", ["code": OneTimeCode.totp(secret: secret, at: now)])
    #expect(confirmed.status == .ok, "\(confirmed.alerts)")
    let codes = confirmed.allMatches(#"<li><code>([a-z2-7-]+)</code></li>"#)
    #expect(codes.count == 10)
    return Enrolled(secret: secret, recoveryCodes: codes, step: OneTimeCode.step(at: now))
}

@Suite struct TwoFactorTests {
    @Test func enrolmentShowsTheSecretURIAndQRCodeAndNeedsAFirstCode() async throws {
        try await withForum { forum in
            let samID = try await Fixture.load(forum.services).member.id
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let page = try await browser.get("/settings/2fa")
            let shown = try #require(page.firstMatch(#"id="totp-secret">([A-Z2-7 ]+)<"#))
            let base32 = shown.replacingOccurrences(of: " ", with: "")
            #expect(page.contains("otpauth://totp/Roundtable%3Asam%40example.org?secret=\(base32)&amp;issuer=Roundtable"))
            #expect(page.contains("<svg class=\"qr-code\"") && page.contains("<path fill=\"#000\" d=\"M"))
            #expect(!page.contains("<script"))
            #expect(page.headers[.cacheControl] == "no-store")
            // A reload shows the same secret: the app may have scanned it already.
            #expect(try await browser.get("/settings/2fa").firstMatch(#"id="totp-secret">([A-Z2-7 ]+)<"#) == shown)

            let secret = decodeBase32(shown)
            let wrong = try await browser.post("/settings/2fa", ["code": OneTimeCode.hotp(secret: secret, counter: UInt64(OneTimeCode.step(at: Date()) + 5))])
            #expect(wrong.status == .unprocessableContent)
            #expect(!wrong.alerts.isEmpty)
            #expect(try await forum.services.twoFactor.status(of: samID).enabled == false)

            let confirmed = try await browser.post("/settings/2fa", ["code": OneTimeCode.totp(secret: secret, at: Date())])
            #expect(confirmed.status == .ok)
            let codes = confirmed.allMatches(#"<li><code>([a-z2-7-]+)</code></li>"#)
            #expect(codes.count == 10 && Set(codes).count == 10)
            // Shown once: the settings page no longer has them, nor the secret.
            let after = try await browser.get("/settings/2fa")
            #expect(after.contains("Two-factor sign-in is on") && after.contains("10 unused recovery codes"))
            #expect(!after.contains(codes[0]) && !after.contains(base32))

            // At rest: the secret is sealed and the codes hashed; neither appears in the database.
            let stored = try await forum.services.db.query("""
                SELECT encode(secret_sealed, 'hex') AS sealed FROM two_factor
                """).map { try $0.decode("sealed", as: String.self) }
            let secretHex = secret.map { String(format: "%02x", $0) }.joined()
            #expect(stored.count == 1 && !stored[0].contains(secretHex))
            let hashes = try await forum.services.db.query("SELECT encode(code_hash, 'escape') FROM two_factor_recovery_codes")
            #expect(hashes.count == 10)
            for row in hashes { #expect(!(try row.decode(0, as: String.self)).contains(codes[0].replacingOccurrences(of: "-", with: ""))) }
            let notices = try await forum.services.db.query("SELECT subject FROM mail_outbox WHERE recipient = 'sam@example.org'")
                .map { try $0.decode(0, as: String.self) }
            #expect(notices.contains { $0.contains("Two-factor sign-in is now on") })
        }
    }

    @Test func signingInTakesACodeAfterThePasswordAndTheHalfwayStateOpensNothing() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let setup = forum.browser()
            try await setup.signIn("sam@example.org")
            let enrolled = try await enrol(setup)

            let browser = forum.browser()
            try await browser.get("/login?next=/c/general")
            let password = try await browser.post("/login", ["email": "sam@example.org", "password": "correct-horse-battery", "next": "/c/general"])
            #expect(password.status == .seeOther && password.location == "/login/2fa")
            #expect(browser.cookies["rt_session"] == nil)
            #expect(browser.cookies["rt_2fa"] != nil)

            // Half signed in: no member page, no member action.
            let home = try await browser.get("/")
            #expect(home.status == .seeOther && home.location?.hasPrefix("/login") == true)
            #expect(try await browser.get("/settings").status == .seeOther)
            #expect(try await browser.get("/settings/export").status == .seeOther)
            let post = try await browser.post("/settings/name", ["name": "Hijacked"])
            #expect(post.status == .seeOther && post.location?.hasPrefix("/login") == true)
            #expect(try await forum.services.accounts.member(username: "sam")?.name == "Sam")

            let form = try await browser.get("/login/2fa")
            #expect(form.status == .ok && form.contains(#"name="code""#))
            let wrong = try await browser.post("/login/2fa", ["code": enrolled.code(9)])
            #expect(wrong.status == .unprocessableContent && !wrong.alerts.isEmpty)
            #expect(browser.cookies["rt_session"] == nil)

            // The code of the next step: within the one step of drift allowed.
            let code = enrolled.code(1)
            let signedIn = try await browser.post("/login/2fa", ["code": code])
            #expect(signedIn.status == .seeOther && signedIn.location == "/c/general")
            #expect(browser.cookies["rt_session"] != nil && browser.cookies["rt_2fa"] == nil)
            #expect(try await browser.get("/").status == .ok)

            // The same code again, from someone who also has the password: refused.
            let thief = forum.browser()
            try await thief.get("/login")
            #expect(try await thief.post("/login", ["email": "sam@example.org", "password": "correct-horse-battery"]).location == "/login/2fa")
            #expect(try await thief.post("/login/2fa", ["code": code]).status == .unprocessableContent)
            #expect(thief.cookies["rt_session"] == nil)

            // Without the pending cookie the code page sends to sign in.
            #expect(try await forum.browser().get("/login/2fa").location == "/login")
        }
    }

    @Test func codesAcceptOneStepOfDriftAndNeverTheSameStepTwice() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let enrolled = try await enrol(browser)
            let twoFactor = forum.services.twoFactor
            let id = fixture.member.id
            // A clock 30 s behind or ahead of the server still works; 60 s does not.
            let base = Date(timeIntervalSince1970: TimeInterval((enrolled.step + 100) * 30 + 10))
            #expect(try await twoFactor.check(code: enrolled.code(103), for: id, at: base) == .rejected)
            #expect(try await twoFactor.check(code: enrolled.code(99), for: id, at: base) == .accepted)
            #expect(try await twoFactor.check(code: enrolled.code(99), for: id, at: base) == .rejected)
            // An earlier step than the last one accepted is spent too.
            #expect(try await twoFactor.check(code: enrolled.code(98), for: id, at: base.addingTimeInterval(-30)) == .rejected)
            #expect(try await twoFactor.check(code: enrolled.code(101), for: id, at: base) == .accepted)
            #expect(try await twoFactor.check(code: enrolled.code(100), for: id, at: base) == .rejected)
        }
    }

    @Test func aRecoveryCodeSignsInOnce() async throws {
        try await withForum { forum in
            let samID = try await Fixture.load(forum.services).member.id
            let setup = forum.browser()
            try await setup.signIn("sam@example.org")
            let enrolled = try await enrol(setup)
            let recovery = enrolled.recoveryCodes[3]

            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            // Typed in capitals and without dashes, as people do.
            let typed = recovery.uppercased().replacingOccurrences(of: "-", with: " ")
            let signedIn = try await browser.post("/login/2fa", ["code": typed])
            #expect(signedIn.status == .seeOther && signedIn.location == "/")
            #expect(try await browser.get("/").status == .ok)

            let again = forum.browser()
            try await again.signIn("sam@example.org")
            #expect(try await again.post("/login/2fa", ["code": recovery]).status == .unprocessableContent)
            #expect(try await again.get("/").status == .seeOther)
            #expect(try await again.post("/login/2fa", ["code": enrolled.recoveryCodes[4]]).status == .seeOther)
            #expect(try await forum.services.twoFactor.status(of: samID).recoveryCodesLeft == 8)
        }
    }

    @Test func wrongCodesCountTowardTheSignInLimits() async throws {
        try await withForum(signInLimit: 3) { forum in
            _ = try await Fixture.load(forum.services)
            let setup = forum.browser()
            try await setup.signIn("sam@example.org")
            let enrolled = try await enrol(setup)
            let browser = forum.browser()
            try await browser.get("/login")
            #expect(try await browser.post("/login", ["email": "sam@example.org", "password": "correct-horse-battery"]).location == "/login/2fa")
            var statuses: [Int] = []
            for offset in 10...13 {
                statuses.append(try await browser.post("/login/2fa", ["code": enrolled.code(Int64(offset))]).status.code)
            }
            // One sign-in attempt (the password) and three codes reach the per-address limit of 3 a minute... then 429.
            #expect(statuses.last == 429, "\(statuses)")
            #expect(statuses.contains(422))
            let limited = try await browser.post("/login/2fa", ["code": enrolled.code(1)])
            #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] != nil)
            #expect(browser.cookies["rt_session"] == nil)
        }
    }

    @Test func turningItOffNeedsThePasswordAndACodeAndMailsANotice() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let enrolled = try await enrol(browser)
            try await browser.get("/settings/2fa")
            let wrongPassword = try await browser.post("/settings/2fa/disable", ["password": "not-my-password", "code": enrolled.code(1)])
            #expect(wrongPassword.status == .unprocessableContent && !wrongPassword.alerts.isEmpty)
            let wrongCode = try await browser.post("/settings/2fa/disable", ["password": "correct-horse-battery", "code": enrolled.code(9)])
            #expect(wrongCode.status == .unprocessableContent)
            let off = try await browser.post("/settings/2fa/disable", ["password": "correct-horse-battery", "code": enrolled.code(1)])
            #expect(off.status == .seeOther)
            #expect(try await forum.services.db.query("SELECT count(*) FROM two_factor")[0].decode(0, as: Int.self) == 0)
            let subjects = try await forum.services.db.query("SELECT subject FROM mail_outbox WHERE recipient = 'sam@example.org' ORDER BY id")
                .map { try $0.decode(0, as: String.self) }
            #expect(subjects.contains { $0.contains("turned off") })
            // Signing in takes the password alone again.
            #expect(try await forum.browser().signIn("sam@example.org").location == "/")
        }
    }

    @Test func adminsCanRequireItOfStaffAndResetIt() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            try await admin.get("/admin/security")
            #expect(try await admin.post("/admin/security", ["require_two_factor": "maybe"]).status == .unprocessableContent)
            #expect(try await admin.post("/admin/security", ["require_two_factor": "on"]).status == .seeOther)
            #expect(try await logCount(forum, action: "two_factor_requirement") == 1)

            // The admin too is now sent to enrol before anything else.
            let sent = try await admin.get("/admin/users")
            #expect(sent.status == .seeOther && sent.location == "/settings/2fa")
            _ = try await enrol(admin)
            #expect(try await admin.get("/admin/users").status == .ok)

            let moderator = forum.browser()
            try await moderator.signIn("maya@example.org")
            for path in ["/", "/mod/flags", "/settings", "/c/general"] {
                let page = try await moderator.get(path)
                #expect(page.status == .seeOther && page.location == "/settings/2fa", "\(path)")
            }
            let enrolment = try await moderator.get("/settings/2fa")
            #expect(enrolment.status == .ok && enrolment.contains("must turn on two-factor"))
            #expect(try await moderator.post("/settings/name", ["name": "Maya M"]).location == "/settings/2fa")
            // Members are not asked.
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            #expect(try await member.get("/").status == .ok)

            let enrolled = try await enrol(moderator)
            #expect(try await moderator.get("/mod/flags").status == .ok)

            // The moderator lost their phone: an admin resets it, which is logged and mailed.
            try await admin.get("/admin/users")
            #expect(try await admin.post("/admin/users/\(fixture.moderator.id)/reset-2fa").status == .seeOther)
            #expect(try await logCount(forum, action: "two_factor_reset") == 1)
            let log = try await admin.get("/mod/log")
            #expect(log.contains("Reset the two-factor sign-in of @maya"))
            let subjects = try await forum.services.db.query("SELECT subject FROM mail_outbox WHERE recipient = 'maya@example.org'")
                .map { try $0.decode(0, as: String.self) }
            #expect(subjects.contains { $0.contains("administrator reset two-factor") })
            // Still required, so enrolment comes first again; the old secret is gone.
            #expect(try await moderator.get("/").location == "/settings/2fa")
            let again = try await moderator.get("/settings/2fa")
            let newSecret = decodeBase32(try #require(again.firstMatch(#"id="totp-secret">([A-Z2-7 ]+)<"#)))
            #expect(newSecret != enrolled.secret)
            // Members may not reset anyone's.
            #expect(try await member.post("/admin/users/\(fixture.moderator.id)/reset-2fa").status == .notFound)
        }
    }

    @Test func changingOrResettingThePasswordMailsANotice() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let db = forum.services.db
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            try await browser.get("/settings")
            let changed = try await browser.post("/settings/password", [
                "current_password": "correct-horse-battery", "password": "a-brand-new-password", "password_confirm": "a-brand-new-password",
            ])
            #expect(changed.status == .seeOther)
            _ = try await forum.services.passwordResets.request(email: "sam@example.org", ip: nil, linkBase: "http://127.0.0.1:8080")
            let body: String = try await db.query("SELECT body FROM mail_outbox WHERE subject LIKE 'Reset%'")[0].decode(0)
            let token = try #require(body.split(separator: "\n").first { $0.contains("/password/reset/") }?.split(separator: "/").last)
            try await forum.services.passwordResets.reset(token: String(token), password: "another-new-password", passwordConfirm: "another-new-password")
            let subjects: [String] = try await db.query("SELECT subject FROM mail_outbox WHERE recipient = 'sam@example.org' ORDER BY id")
                .map { try $0.decode(0) }
            #expect(subjects.contains("Your Roundtable password was changed"))
            #expect(subjects.last == "Your Roundtable password was reset")
        }
    }
}
