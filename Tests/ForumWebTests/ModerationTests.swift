import Forum
import Foundation
import HTTPTypes
import Testing
import TestSupport

/// Starts a thread through the domain, as a member would have through the form.
func startThread(_ forum: TestForum, by member: Member, in category: String = "general", title: String,
                 body: String = "First post") async throws -> Discussions.Created {
    try await forum.services.discussions.startThread(by: member, inCategory: category, title: title, body: body, kind: .discussion)
}

func logCount(_ forum: TestForum, action: String) async throws -> Int {
    try await forum.services.db.query("SELECT count(*) FROM mod_log WHERE action = $1", [action])[0].decode(0)
}

/// Browsers for everyone the routes distinguish: anonymous, member, moderator, admin, and a
/// member whose account was suspended after they signed in.
struct Cast {
    var anonymous: Browser
    var member: Browser
    var moderator: Browser
    var admin: Browser
    var suspended: Browser

    static func load(_ forum: TestForum, _ fixture: Fixture) async throws -> Cast {
        let cast = Cast(anonymous: forum.browser(), member: forum.browser(), moderator: forum.browser(),
                        admin: forum.browser(), suspended: forum.browser())
        try await cast.anonymous.get("/login")
        try await cast.member.signIn("sam@example.org")
        try await cast.moderator.signIn("maya@example.org")
        try await cast.admin.signIn("ada@example.org")
        try await cast.suspended.signIn("lee@example.org")
        try await forum.services.db.query("""
            UPDATE users SET suspended_at = now(), suspension_reason = 'spam' WHERE id = $1
            """, [fixture.other.id])
        // Bounced to the sign-in page, as their browser would be, which gives a fresh form token.
        #expect(try await cast.suspended.get("/").location?.hasPrefix("/login") == true)
        try await cast.suspended.get("/login")
        return cast
    }
}

@Suite struct ThreadModerationTests {
    @Test func threadActionsAnswerEachRoleAsTheContractSays() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Open to all")
            let staffThread = try await startThread(forum, by: fixture.moderator, in: "staff", title: "Staff only")
            for action in ["lock", "unlock", "pin", "unpin", "delete", "restore", "move"] {
                let path = "/t/\(thread.threadID)/\(action)"
                let fields = action == "move" ? ["category": "general"] : [:]
                let anonymous = try await cast.anonymous.post(path, fields)
                #expect(anonymous.status == .seeOther, "\(action)")
                #expect(anonymous.location == "/login?next=\(path)", "\(action)")
                #expect(try await cast.suspended.post(path, fields).location?.hasPrefix("/login") == true, "\(action)")
                // Restoring comes right after deleting: members no longer see the thread at all.
                let memberAnswer: HTTPResponse.Status = action == "restore" ? .notFound : .forbidden
                #expect(try await cast.member.post(path, fields).status == memberAnswer, "\(action)")
                #expect(try await cast.member.post("/t/\(staffThread.threadID)/\(action)", fields).status == .notFound, "\(action)")
                let expected = action == "delete" ? "/c/general" : "/t/\(thread.threadID)/open-to-all"
                let byModerator = try await cast.moderator.post(path, fields)
                #expect(byModerator.status == .seeOther, "\(action)")
                #expect(byModerator.location == expected, "\(action)")
                #expect(try await cast.admin.post(path, fields).location == expected, "\(action)")
                #expect(try await logCount(forum, action: "thread." + action) == 2, "\(action)")
            }
        }
    }

    @Test func aLockedThreadSaysWhyAndTakesRepliesOnlyFromModerators() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Heated")
            let moderatorPage = try await cast.moderator.get("/t/\(thread.threadID)")
            #expect(moderatorPage.contains(#"action="/t/\#(thread.threadID)/lock""#))
            #expect(try await cast.moderator.post("/t/\(thread.threadID)/lock", ["reason": "Cooling off"]).status == .seeOther)

            let page = try await cast.member.get("/t/\(thread.threadID)")
            #expect(page.contains("This thread is locked: Cooling off."))
            #expect(!page.contains(#"action="/t/\#(thread.threadID)/reply""#))
            #expect(!page.contains(#"action="/t/\#(thread.threadID)/lock""#))
            let refused = try await cast.member.post("/t/\(thread.threadID)/reply", ["body": "But wait"])
            #expect(refused.status == .forbidden)
            #expect(refused.contains("This thread is locked."))
            #expect(try await cast.moderator.post("/t/\(thread.threadID)/reply", ["body": "Noted"]).status == .seeOther)

            let log = try await forum.services.db.query("SELECT actor_id, reason FROM mod_log WHERE action = 'thread.lock'")
            #expect(try log[0].decode("actor_id", as: Int.self) == fixture.moderator.id)
            #expect(try log[0].decode("reason", as: String.self) == "Cooling off")

            #expect(try await cast.moderator.post("/t/\(thread.threadID)/unlock").status == .seeOther)
            #expect(try await cast.member.post("/t/\(thread.threadID)/reply", ["body": "Thanks"]).status == .seeOther)
        }
    }

    @Test func aPinnedThreadComesFirstInItsCategory() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let older = try await startThread(forum, by: fixture.member, title: "Read me first")
            _ = try await startThread(forum, by: fixture.member, title: "Newer chatter")
            func order() async throws -> Bool {
                let html = try await cast.member.get("/c/general").html
                let first = try #require(html.range(of: "Read me first")), second = try #require(html.range(of: "Newer chatter"))
                return first.lowerBound < second.lowerBound
            }
            #expect(try await order() == false)
            #expect(try await cast.moderator.post("/t/\(older.threadID)/pin").status == .seeOther)
            #expect(try await order() == true)
            #expect(try await cast.member.get("/c/general").contains("Pinned"))
            #expect(try await cast.moderator.post("/t/\(older.threadID)/unpin").status == .seeOther)
            #expect(try await order() == false)
        }
    }

    @Test func aDeletedThreadIsGoneForMembersAndMarkedForModerators() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Regrettable")
            let path = "/t/\(thread.threadID)"
            #expect(try await cast.moderator.post("\(path)/delete", ["reason": "Off topic"]).location == "/c/general")

            #expect(try await cast.member.get(path).status == .notFound)
            #expect(try await cast.member.get("\(path)/regrettable").status == .notFound)
            #expect(try await cast.member.post("\(path)/reply", ["body": "Hello?"]).status == .notFound)
            #expect(try await cast.member.post("\(path)/lock").status == .notFound)
            #expect(!(try await cast.member.get("/").contains("Regrettable")))
            #expect(!(try await cast.member.get("/c/general").contains("Regrettable")))

            let seen = try await cast.moderator.get(path)
            #expect(seen.status == .ok)
            #expect(seen.contains("badge-warn\">Deleted"))
            #expect(seen.contains(#"action="\#(path)/restore""#))
            #expect(try await cast.moderator.get("/c/general").contains("Regrettable"))

            #expect(try await cast.admin.post("\(path)/restore").status == .seeOther)
            #expect(try await cast.member.get(path).status == .ok)
        }
    }

    @Test func movingAThreadToAPrivateCategoryHidesItAndUnknownCategoriesAre422() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Needs staff")
            let form = try await cast.moderator.get("/mod/threads/\(thread.threadID)/move")
            #expect(form.status == .ok)
            #expect(form.contains(#"<option value="staff">"#))
            #expect(try await cast.member.get("/mod/threads/\(thread.threadID)/move").status == .notFound)

            let unknown = try await cast.moderator.post("/t/\(thread.threadID)/move", ["category": "nowhere"])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.alerts == ["Choose a category that exists."])
            #expect(try await cast.member.get("/t/\(thread.threadID)").status == .ok)

            let moved = try await cast.moderator.post("/t/\(thread.threadID)/move", ["category": "staff", "reason": "Internal"])
            #expect(moved.status == .seeOther)
            #expect(try await cast.moderator.get("/t/\(thread.threadID)").contains(#"href="/c/staff""#))
            #expect(try await cast.member.get("/t/\(thread.threadID)").status == .notFound)
            let log = try await forum.services.db.query("SELECT summary FROM mod_log WHERE action = 'thread.move'")
            #expect(try log[0].decode("summary", as: String.self) == "Moved “Needs staff” from General to Staff Room")
        }
    }
}

@Suite struct PostModerationTests {
    @Test func hiddenPostsShowMembersTheReasonAndModeratorsTheText() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "A thread", body: "Something rude")
            let staff = try await startThread(forum, by: fixture.moderator, in: "staff", title: "Staff", body: "Internal")
            let hide = "/p/\(thread.postID)/hide"
            #expect(try await cast.anonymous.post(hide).location == "/login?next=\(hide)")
            #expect(try await cast.suspended.post(hide).location?.hasPrefix("/login") == true)
            #expect(try await cast.member.post(hide, ["reason": "mine"]).status == .forbidden)
            #expect(try await cast.member.post("/p/\(staff.postID)/hide").status == .notFound)

            let hidden = try await cast.moderator.post(hide, ["reason": "Personal attack"])
            #expect(hidden.status == .seeOther)
            #expect(hidden.location == "/t/\(thread.threadID)/a-thread#p\(thread.postID)")
            let memberView = try await cast.member.get("/t/\(thread.threadID)")
            #expect(memberView.contains("This post was hidden by a moderator: Personal attack"))
            #expect(!memberView.contains("Something rude"))
            let moderatorView = try await cast.admin.get("/t/\(thread.threadID)")
            #expect(moderatorView.contains("Something rude"))
            #expect(moderatorView.contains("Hidden by a moderator: Personal attack."))

            #expect(try await cast.member.post("/p/\(thread.postID)/unhide").status == .forbidden)
            #expect(try await cast.admin.post("/p/\(thread.postID)/unhide").status == .seeOther)
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("Something rude"))
            #expect(try await logCount(forum, action: "post.hide") == 1)
            #expect(try await logCount(forum, action: "post.unhide") == 1)
        }
    }
}

@Suite struct FlagTests {
    @Test func membersFlagOnceAndModeratorsResolveEveryFlagOnThePost() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.moderator, title: "Trouble", body: "Buy cheap watches")
            let flag = "/p/\(thread.postID)/flag"

            #expect(try await cast.anonymous.post(flag, ["reason": "spam"]).location == "/login?next=\(flag)")
            #expect(try await cast.suspended.post(flag, ["reason": "spam"]).location?.hasPrefix("/login") == true)
            let empty = try await cast.member.post(flag, ["reason": "  "])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.alerts == ["Say what is wrong with this post."])
            #expect(try await cast.member.post(flag, ["reason": "Spam"]).location == "/t/\(thread.threadID)/trouble#p\(thread.postID)")
            // A second flag is no error: it replaces the reason.
            #expect(try await cast.member.post(flag, ["reason": "Spam, advertising watches"]).status == .seeOther)
            #expect(try await cast.admin.post(flag, ["reason": "Clearly spam"]).status == .seeOther)
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("You flagged this post (“Spam, advertising watches”)"))
            let count = try await forum.services.db.query("SELECT count(*) FROM flags")[0].decode(0, as: Int.self)
            #expect(count == 2)

            #expect(try await cast.member.get("/mod/flags").status == .notFound)
            #expect(try await cast.anonymous.get("/mod/flags").status == .seeOther)
            let queue = try await cast.moderator.get("/mod/flags")
            #expect(queue.status == .ok)
            #expect(queue.contains("(2 open)"))
            #expect(queue.contains("Buy cheap watches"))
            #expect(queue.contains("Spam, advertising watches") && queue.contains("Clearly spam"))
            #expect(!(try await cast.member.get("/").contains("open)")))

            let resolve = try #require(queue.firstMatch(#"action="(/mod/flags/\d+/resolve)""#))
            #expect(try await cast.member.post(resolve, ["action": "hide"]).status == .notFound)
            #expect(try await cast.moderator.post(resolve, ["action": "delete-everything"]).status == .unprocessableContent)
            #expect(try await cast.moderator.post(resolve, ["action": "hide"]).location == "/mod/flags")

            let after = try await cast.moderator.get("/mod/flags")
            #expect(after.contains("No open flags"))
            #expect(!after.contains("open)"))
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("hidden by a moderator: reported by members"))
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("A moderator reviewed it and hid it."))
            let open = try await forum.services.db.query("SELECT count(*) FROM flags WHERE resolved_at IS NULL")[0].decode(0, as: Int.self)
            #expect(open == 0)
            #expect(try await logCount(forum, action: "post.hide") == 1)
            // Both flaggers hear the outcome; the moderator who decided hears nothing.
            let notice = "maya hid the post you flagged in"
            #expect(try await cast.member.get("/notifications").contains(notice))
            #expect(try await cast.admin.get("/notifications").contains(notice))
            #expect(!(try await cast.moderator.get("/notifications").contains("you flagged")))
        }
    }

    @Test func dismissingLeavesThePostAndAFlagIsNotRaisedTwice() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.admin, title: "Fine", body: "Perfectly fine")
            let own = try await startThread(forum, by: fixture.member, title: "Mine", body: "My own post")
            let staff = try await startThread(forum, by: fixture.moderator, in: "staff", title: "Staff", body: "Internal")
            #expect(try await cast.member.post("/p/\(own.postID)/flag", ["reason": "oops"]).status == .forbidden)
            #expect(try await cast.member.post("/p/\(staff.postID)/flag", ["reason": "x"]).status == .notFound)
            #expect(try await cast.member.get("/p/\(thread.postID)/flag").status == .ok)

            #expect(try await cast.member.post("/p/\(thread.postID)/flag", ["reason": "Rude"]).status == .seeOther)
            let resolve = try #require(try await cast.moderator.get("/mod/flags").firstMatch(#"action="(/mod/flags/\d+/resolve)""#))
            #expect(try await cast.moderator.post(resolve, ["action": "dismiss"]).status == .seeOther)
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("Perfectly fine"))
            #expect(try await logCount(forum, action: "post.dismiss_flags") == 1)
            #expect(try await cast.member.get("/notifications").contains("maya reviewed the post you flagged and left it up in"))

            // Once reviewed, flagging again changes nothing and shows no error page.
            #expect(try await cast.member.post("/p/\(thread.postID)/flag", ["reason": "Still rude"]).status == .seeOther)
            #expect(try await cast.moderator.get("/mod/flags").contains("No open flags"))
            #expect(try await cast.member.get("/t/\(thread.threadID)").contains("A moderator reviewed it and left it up."))
        }
    }
}

@Suite struct SuspensionTests {
    static func tomorrow() -> String { Suspensions.day(Date().addingTimeInterval(36 * 3600)) }

    @Test func moderatorsSuspendMembersWhoThenCannotSignIn() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let until = Self.tomorrow()
            let path = "/u/sam/suspend"
            #expect(try await cast.anonymous.post(path, ["reason": "x"]).location == "/login?next=\(path)")
            #expect(try await cast.suspended.post(path, ["reason": "x"]).location?.hasPrefix("/login") == true)
            #expect(try await cast.member.post("/u/maya/suspend", ["reason": "x"]).status == .forbidden)
            #expect(try await cast.moderator.post("/u/ada/suspend", ["reason": "x"]).status == .forbidden)
            #expect(try await cast.moderator.post("/u/maya/suspend", ["reason": "x"]).status == .forbidden)
            #expect(try await cast.moderator.post("/u/nobody/suspend", ["reason": "x"]).status == .notFound)

            let badDate = try await cast.moderator.post(path, ["reason": "Spamming", "until": "2026-02-30"])
            #expect(badDate.status == .unprocessableContent)
            #expect(badDate.alerts == ["Enter a date as YYYY-MM-DD, or leave it empty."])
            #expect(badDate.contains(#"value="Spamming""#) && badDate.contains(#"value="2026-02-30""#))
            let past = try await cast.moderator.post(path, ["reason": "", "until": "2001-01-01"])
            #expect(past.status == .unprocessableContent)
            #expect(past.alerts.count == 2)

            let done = try await cast.moderator.post(path, ["reason": "Spamming", "until": until])
            #expect(done.status == .seeOther)
            #expect(done.location == "/mod/members/sam")
            #expect(try await cast.member.get("/").location?.hasPrefix("/login") == true)
            // Suspended members can't post: their session no longer signs them in.
            try await cast.member.get("/login")
            #expect(try await cast.member.post("/c/general/new", ["title": "Hi", "body": "again"]).location?.hasPrefix("/login") == true)
            let signIn = try await forum.browser().signIn("sam@example.org")
            #expect(signIn.status == .unprocessableContent)
            #expect(signIn.alerts.first?.contains("suspended until") == true)

            let list = try await cast.moderator.get("/mod/members")
            #expect(list.contains(#"href="/mod/members/sam""#) && list.contains("Spamming"))
            #expect(try await cast.moderator.get("/mod/members/sam").contains("Lift the suspension"))
            #expect(try await cast.member.get("/mod/members").location?.hasPrefix("/login") == true)
            #expect(try await cast.admin.get("/mod/members?q=sa").contains(#"href="/mod/members/sam""#))

            // The end date passes: the suspension ends by itself.
            try await forum.services.db.query("""
                UPDATE users SET suspended_until = now() - interval '1 second' WHERE username = 'sam'
                """)
            #expect(try await forum.browser().signIn("sam@example.org").status == .seeOther)
            #expect(!(try await cast.moderator.get("/mod/members").contains(#"href="/mod/members/sam""#)))
        }
    }

    @Test func anIndefiniteSuspensionLastsUntilLifted() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            #expect(try await cast.admin.post("/u/maya/suspend", ["reason": "Rogue moderator", "until": ""]).status == .seeOther)
            #expect(try await cast.moderator.get("/mod/flags").location?.hasPrefix("/login") == true)
            let refused = try await forum.browser().signIn("maya@example.org")
            #expect(refused.alerts.first == "Your account is suspended: Rogue moderator")
            #expect(try await cast.member.post("/u/maya/unsuspend").status == .forbidden)
            #expect(try await cast.admin.post("/u/maya/unsuspend").location == "/mod/members/maya")
            #expect(try await forum.browser().signIn("maya@example.org").status == .seeOther)
            let log = try await cast.admin.get("/mod/log")
            #expect(log.contains("Suspended @maya indefinitely") && log.contains("Lifted the suspension of @maya"))
            #expect(log.contains(#"href="/mod/members/maya""#))
        }
    }
}

@Suite struct ModeratorPagesTests {
    @Test func moderatorPagesAreNotFoundForMembersAndSignInForVisitors() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Any")
            for path in ["/mod/flags", "/mod/log", "/mod/members", "/mod/members/sam", "/mod/threads/\(thread.threadID)/move"] {
                #expect(try await cast.anonymous.get(path).location == Self.loginPath(path), "\(path)")
                #expect(try await cast.suspended.get(path).location == Self.loginPath(path), "\(path)")
                #expect(try await cast.member.get(path).status == .notFound, "\(path)")
                #expect(try await cast.moderator.get(path).status == .ok, "\(path)")
                #expect(try await cast.admin.get(path).status == .ok, "\(path)")
            }
            #expect(try await cast.moderator.get("/mod/members/nobody").status == .notFound)
            // Every moderation POST turns away visitors and suspended members before anything else.
            try await forum.services.db.query("INSERT INTO flags (post_id, flagger_id, reason) VALUES ($1, $2, 'x')",
                                              [thread.postID, fixture.admin.id])
            for path in ["/p/\(thread.postID)/unhide", "/u/sam/unsuspend", "/mod/flags/1/resolve", "/t/\(thread.threadID)/move"] {
                #expect(try await cast.anonymous.post(path, ["action": "hide"]).location == Self.loginPath(path), "\(path)")
                #expect(try await cast.suspended.post(path, ["action": "hide"]).location == Self.loginPath(path), "\(path)")
            }
            #expect(try await cast.admin.post("/mod/flags/1/resolve", ["action": "dismiss"]).location == "/mod/flags")
            #expect(try await cast.moderator.get("/mod/nothing-here").status == .notFound)
        }
    }

    static func loginPath(_ path: String) -> String {
        "/login?next=" + path.replacingOccurrences(of: "?", with: "%3F")
    }
}

@Suite struct ModLogTests {
    @Test func theLogListsActionsNewestFirstAndFilters() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.member, title: "Logged")
            #expect(try await cast.moderator.post("/t/\(thread.threadID)/lock", ["reason": "Flame war"]).status == .seeOther)
            #expect(try await cast.admin.post("/t/\(thread.threadID)/pin").status == .seeOther)

            #expect(try await cast.anonymous.get("/mod/log").location == "/login?next=/mod/log")
            #expect(try await cast.member.get("/mod/log").status == .notFound)
            let log = try await cast.moderator.get("/mod/log")
            #expect(log.status == .ok)
            let pinned = try #require(log.html.range(of: "Pinned “Logged”")), locked = try #require(log.html.range(of: "Locked “Logged”"))
            #expect(pinned.lowerBound < locked.lowerBound)
            #expect(log.contains("Flame war"))
            #expect(log.contains(#"href="/t/\#(thread.threadID)/logged""#))

            let byMaya = try await cast.moderator.get("/mod/log?actor=maya")
            #expect(byMaya.contains("Locked “Logged”") && !byMaya.contains("Pinned “Logged”"))
            let pins = try await cast.moderator.get("/mod/log?action=thread.pin")
            #expect(pins.contains("Pinned “Logged”") && !pins.contains("Locked “Logged”"))
        }
    }

    @Test func theLogPaginatesKeepingFiltersAndCannotBeRewritten() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            try await forum.services.db.withTransaction { connection in
                for number in 1...55 {
                    try AuditLog.record(on: connection, actorID: fixture.moderator.id, action: "thread.pin", summary: "Entry \(number)")
                }
            }
            let first = try await cast.moderator.get("/mod/log?action=thread.pin")
            #expect(first.contains("Entry 55") && !first.contains("Entry 5<"))
            #expect(first.contains(#"href="/mod/log?action=thread.pin&amp;page=2""#))
            let second = try await cast.moderator.get("/mod/log?action=thread.pin&page=2")
            #expect(second.contains("Entry 5<") && !second.contains("Entry 55"))

            await #expect(throws: (any Error).self) {
                try await forum.services.db.query("UPDATE mod_log SET reason = 'rewritten'")
            }
            await #expect(throws: (any Error).self) {
                try await forum.services.db.query("DELETE FROM mod_log")
            }
            let count = try await forum.services.db.query("SELECT count(*) FROM mod_log WHERE reason IS NULL")[0].decode(0, as: Int.self)
            #expect(count == 55)
        }
    }
}

@Suite struct PrivateCategoryTests {
    @Test func membersNeverSeeModeratorOnlyThreads() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let cast = try await Cast.load(forum, fixture)
            let thread = try await startThread(forum, by: fixture.moderator, in: "staff", title: "Hiring plans")
            let home = try await cast.member.get("/")
            #expect(!home.contains("Staff Room") && !home.contains("Hiring plans"))
            #expect(try await cast.member.get("/c/staff").status == .notFound)
            #expect(try await cast.member.get("/c/staff/new").status == .notFound)
            #expect(try await cast.member.post("/c/staff/new", ["title": "Sneaky", "body": "In"]).status == .notFound)
            #expect(try await cast.member.get("/t/\(thread.threadID)").status == .notFound)
            #expect(try await cast.member.get("/t/\(thread.threadID)/hiring-plans").status == .notFound)
            #expect(try await cast.member.post("/t/\(thread.threadID)/reply", ["body": "Hi"]).status == .notFound)
            let threads = try await forum.services.db.query("SELECT count(*) FROM threads")[0].decode(0, as: Int.self)
            #expect(threads == 1)

            let moderatorHome = try await cast.moderator.get("/")
            #expect(moderatorHome.contains("Staff Room") && moderatorHome.contains("Hiring plans"))
            #expect(try await cast.admin.get("/t/\(thread.threadID)").status == .ok)
        }
    }
}

@Suite struct PostingRateLimitTests {
    @Test func tooManyPostsAnswer429KeepingTheFormAndSayingWhenToRetry() async throws {
        try await withForum(postLimit: 2) { forum in
            let fixture = try await Fixture.load(forum.services)
            let browser = forum.browser()
            try await browser.signIn("sam@example.org")
            let thread = try await startThread(forum, by: fixture.other, title: "Busy")
            #expect(try await browser.post("/t/\(thread.threadID)/reply", ["body": "One"]).status == .seeOther)
            #expect(try await browser.post("/c/general/new", ["title": "Two", "body": "Second", "kind": "discussion"]).status == .seeOther)

            let reply = try await browser.post("/t/\(thread.threadID)/reply", ["body": "Three & counting"])
            #expect(reply.status == .tooManyRequests)
            #expect(Int(reply.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(reply.contains("Three &amp; counting</textarea>"))
            #expect(reply.alerts.count == 1)

            let newThread = try await browser.post("/c/general/new", ["title": "Four", "body": "Fourth body", "kind": "feedback"])
            #expect(newThread.status == .tooManyRequests)
            #expect(Int(newThread.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(newThread.contains(#"value="Four""#) && newThread.contains("Fourth body</textarea>"))
            #expect(newThread.contains(#"value="feedback" checked"#))
            #expect(newThread.alerts.count == 1)
        }
    }
}
