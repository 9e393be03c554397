import Forum
import Foundation
import Postgres
import Testing
import TestSupport

private func setUp(_ services: ForumServices) async throws -> Member {
    try await services.directory.createSchool(slug: "harbor", name: "Harbor Middle School")
    try await services.directory.createSchool(slug: "riverbend", name: "Riverbend High")
    _ = try await makeMember(services, username: "sam", school: "harbor")
    return try await makeMember(services, username: "ada", role: .admin, school: "harbor")
}

private func token(in url: String) -> String { String(url.split(separator: "/").last!) }

@Suite struct InvitationTests {
    @Test func lifeCycleCreateAcceptThenTheLinkIsSpent() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let admin = try await setUp(services)
            let created = try await services.invitations.create(
                email: "new@example.org", role: "moderator", schoolSlug: "riverbend", invitedBy: admin.id,
                linkBase: "https://forum.example.org/")
            #expect(created.url.hasPrefix("https://forum.example.org/invite/"))
            let mail = try await db.query("SELECT recipient, body FROM mail_outbox")
            #expect(mail.count == 1)
            #expect(try mail[0].decode("recipient", as: String.self) == "new@example.org")
            #expect(try mail[0].decode("body", as: String.self).contains(created.url))

            let accepted = try await services.invitations.accept(
                token: token(in: created.url), username: "newbie", name: "New Person", password: "a-long-good-password",
                passwordConfirm: "a-long-good-password", ip: nil, userAgent: nil)
            #expect(accepted.member.role == .moderator)
            #expect(accepted.member.schoolSlug == "riverbend")
            #expect(try await services.sessions.find(token: accepted.sessionToken)?.member.username == "newbie")

            await #expect(throws: UnusableLink.self) {
                _ = try await services.invitations.accept(
                    token: token(in: created.url), username: "again", name: "Again", password: "a-long-good-password",
                    passwordConfirm: "a-long-good-password", ip: nil, userAgent: nil)
            }
            #expect(try await db.query("SELECT count(*) FROM users WHERE username = 'again'")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func twoTabsAcceptingAtOnceCreateOneAccount() async throws {
        try await TestDatabase.with(poolSize: 4) { db in
            let services = makeTestServices(db)
            let admin = try await setUp(services)
            let created = try await services.invitations.create(
                email: "twice@example.org", role: "member", schoolSlug: nil, invitedBy: admin.id, linkBase: "http://x")
            let link = token(in: created.url)
            func attempt(_ username: String) async -> Bool {
                (try? await services.invitations.accept(
                    token: link, username: username, name: "Twice", password: "a-long-good-password",
                    passwordConfirm: "a-long-good-password", ip: nil, userAgent: nil)) != nil
            }
            async let first = attempt("tab_one")
            async let second = attempt("tab_two")
            let results = await [first, second]
            #expect(results.filter { $0 }.count == 1)
            #expect(try await db.query("SELECT count(*) FROM users WHERE email = 'twice@example.org'")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func refusesBadEmailUnknownRoleUnknownSchoolAndExistingMembers() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let admin = try await setUp(services)
            func problems(_ email: String, _ role: String, _ school: String?) async -> [String: String] {
                do {
                    _ = try await services.invitations.create(email: email, role: role, schoolSlug: school, invitedBy: admin.id, linkBase: "http://x")
                    return [:]
                } catch let error as ValidationError {
                    return error.messages
                } catch {
                    return ["unexpected": "\(error)"]
                }
            }
            #expect(await problems("not-an-email", "member", nil).keys.contains("email"))
            #expect(await problems("x@example.org", "overlord", nil).keys.contains("role"))
            #expect(await problems("x@example.org", "member", "nowhere").keys.contains("school"))
            #expect(await problems("SAM@example.org", "member", nil)["email"]?.contains("already a member") == true)
            #expect(await problems("x@example.org", "member", "harbor").isEmpty)
            #expect(await problems("x@example.org", "member", "harbor")["email"]?.contains("pending") == true)
        }
    }

    @Test func bulkImportHandlesBOMQuotesCRLFBadRowsAndDuplicates() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let admin = try await setUp(services)
            let csv = "\u{FEFF}email,name,role,school\r\n"
                + "one@example.org,\"Doe, Jane\",member,harbor\r\n"
                + "\"two@example.org\",\"Said \"\"Hi\"\"\",moderator,riverbend\r\n"
                + "not-an-email,Bad,member,harbor\n"
                + "three@example.org,Three,wizard,harbor\n"
                + "four@example.org,Four,member,atlantis\n"
                + "sam@example.org,Sam,member,harbor\n"
                + "ONE@example.org,Again,member,harbor\n"
                + "five@example.org,Five,,\n"
            let rows = try await services.invitations.importCSV(Array(csv.utf8), by: admin, linkBase: "http://127.0.0.1:8080")
            #expect(rows.map(\.outcome) == [.invited, .invited, .refused, .refused, .refused, .skipped, .skipped, .invited])
            #expect(rows.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9])
            #expect(rows[3].reason.contains("role"))
            #expect(rows[4].reason.contains("school"))
            #expect(rows[5].reason.contains("member"))
            let invited = try await db.query("SELECT email, name, role FROM invitations ORDER BY id").map {
                "\(try $0.decode("email", as: String.self))|\(try $0.decode("name", as: String.self))|\(try $0.decode("role", as: String.self))"
            }
            #expect(invited == ["one@example.org|Doe, Jane|member", "two@example.org|Said \"Hi\"|moderator", "five@example.org|Five|member"])
            #expect(try await db.query("SELECT count(*) FROM mail_outbox")[0].decode(0, as: Int.self) == 3)

            // The same file again: everyone good is now pending, so skipped.
            let again = try await services.invitations.importCSV(Array(csv.utf8), by: admin, linkBase: "http://127.0.0.1:8080")
            #expect(again.filter { $0.outcome == .invited }.isEmpty)
            #expect(again.filter { $0.reason.contains("already invited") }.count == 3)
        }
    }

    @Test func bulkImportOfAThousandRows() async throws {
        try await TestDatabase.with { db in
            let services = makeTestServices(db)
            let admin = try await setUp(services)
            var csv = "email,name,role,school\n"
            for index in 1...1000 {
                csv += "teacher\(index)@example.org,Teacher \(index),member,\(index.isMultiple(of: 2) ? "harbor" : "riverbend")\n"
            }
            let started = ContinuousClock.now
            let rows = try await services.invitations.importCSV(Array(csv.utf8), by: admin, linkBase: "http://127.0.0.1:8080")
            let elapsed = ContinuousClock.now - started
            print("BULK-IMPORT-TIMING: 1,000-row CSV imported in \(elapsed)")
            #expect(rows.count == 1000)
            #expect(rows.allSatisfy { $0.outcome == .invited })
            #expect(try await db.query("SELECT count(*) FROM invitations")[0].decode(0, as: Int.self) == 1000)
            #expect(try await db.query("SELECT count(*) FROM mail_outbox")[0].decode(0, as: Int.self) == 1000)
        }
    }
}
