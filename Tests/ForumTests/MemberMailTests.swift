import Forum
import Foundation
import Mail
import Postgres
import Testing
import TestSupport

/// Mail to members over the real outbox: batched notification mails, digests, and replies by
/// mail. Delivery goes through `MailSender` to the SMTP sink (a separate MIME implementation)
/// where the test reads what a member would receive.
@Suite struct MemberMailTests {
    static let base = "http://forum.test"

    struct Cast {
        var services: ForumServices
        var sam: Member
        var lee: Member
        var maya: Member
    }

    func setUp(_ db: PostgresClient) async throws -> Cast {
        let services = makeTestServices(db)
        try await services.directory.createCategory(slug: "general", name: "General")
        return Cast(services: services, sam: try await makeMember(services, username: "sam"),
                    lee: try await makeMember(services, username: "lee"),
                    maya: try await makeMember(services, username: "maya", role: .moderator))
    }

    func setFrequency(_ value: EmailFrequency, _ member: Member, _ services: ForumServices) async throws {
        try await services.emailSettings.setFrequency(value.rawValue, for: member)
    }

    /// Pretends the batching minute has passed, without waiting for it.
    func age(_ db: PostgresClient, seconds: Int = 120) async throws {
        try await db.query("UPDATE notifications SET created_at = created_at - make_interval(secs => $1)", [seconds])
    }

    func outbox(_ db: PostgresClient) async throws -> [(recipient: String, subject: String, body: String, headers: String)] {
        try await db.query("SELECT recipient, subject, body, headers FROM mail_outbox ORDER BY id").map {
            (try $0.decode("recipient"), try $0.decode("subject"), try $0.decode("body"), try $0.decode("headers"))
        }
    }

    @Test func tenRepliesInAMinuteMakeOneMailWithListHeadersAndBothParts() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await TestDatabase.with { db in
            let cast = try await setUp(db)
            let services = cast.services
            try await setFrequency(.immediately, cast.sam, services)
            let thread = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Exit tickets", body: "What do you ask?", kind: .discussion)
            for index in 1...10 {
                _ = try await services.discussions.reply(by: cast.lee, toThread: thread.threadID, body: "Idea number \(index)")
            }
            // Sam's own reply notifies nobody about himself.
            _ = try await services.discussions.reply(by: cast.sam, toThread: thread.threadID, body: "Thanks all")
            let mailer = NotificationMailer(db: db, configuration: .init(baseURL: Self.base, batchSeconds: 60))
            #expect(try await mailer.sendDue() == 0, "the batch waits for its minute")
            try await age(db)
            #expect(try await mailer.sendDue() == 1)
            #expect(try await mailer.sendDue() == 0, "each notification is mailed once")

            let mails = try await outbox(db)
            #expect(mails.map(\.recipient) == ["sam@example.org"])
            let sender = MailSender(db: db, transport: try SMTPMailTransport(url: sink.url), from: "Roundtable <noreply@forum.test>")
            #expect(try await sender.sendDueMessages() == .init(sent: 1, failed: 0))
            let received = try await sink.message(1)
            let subject = try #require(received["subject"] as? String)
            #expect(subject == "10 new replies in “Exit tickets”")
            let text = try #require(received["body"] as? String)
            for index in 1...10 { #expect(text.contains("Idea number \(index)"), "\(text)") }
            #expect(!text.contains("Thanks all"))
            #expect(text.contains("lee replied in “Exit tickets”"))
            #expect(text.contains("\(Self.base)/t/\(thread.threadID)/exit-tickets#p"))
            #expect(text.contains("because your Roundtable mail setting is “immediately”"))
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 || $0.contains("http") }, "short lines")
            let html = try #require(received["html"] as? String)
            #expect(html.contains("<li><a href=\"\(Self.base)/t/\(thread.threadID)/exit-tickets#p"))
            let headers = try #require(received["headers"] as? [String: String])
            let unsubscribe = try #require(headers["List-Unsubscribe"])
            #expect(unsubscribe.hasPrefix("<\(Self.base)/unsubscribe/") && unsubscribe.hasSuffix(">"))
            #expect(text.contains(String(unsubscribe.dropFirst().dropLast())))
            #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            #expect(headers["Auto-Submitted"] == "auto-generated")
            #expect(headers["Precedence"] == "list")
            #expect(headers["Reply-To"] == nil, "no reply address without MAIL_REPLY_DOMAIN")
            // Only a hash of the token is stored.
            let token = String(unsubscribe.dropLast().split(separator: "/").last ?? "")
            #expect(try await db.query("SELECT count(*) FROM mail_tokens WHERE token_hash = convert_to($1, 'UTF8')", [token])[0]
                .decode(0, as: Int.self) == 0)
        }
    }

    @Test func whatWasReadOnTheSiteOrHiddenIsNeverMailedAndOtherSettingsGetNone() async throws {
        try await TestDatabase.with { db in
            let cast = try await setUp(db)
            let services = cast.services
            try await setFrequency(.immediately, cast.sam, services)
            let read = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Read on the site", body: "Hello", kind: .discussion)
            _ = try await services.discussions.reply(by: cast.lee, toThread: read.threadID, body: "Seen already")
            let hidden = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Hidden reply", body: "Hello", kind: .discussion)
            let rude = try await services.discussions.reply(by: cast.lee, toThread: hidden.threadID, body: "Something rude")
            _ = try await services.moderation.hidePost(rude.postID, by: cast.maya, reason: "rude")
            // Lee (daily) and Maya (never) are mentioned; neither gets an immediate mail.
            try await setFrequency(.never, cast.maya, services)
            _ = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Mentions", body: "Hi @lee and @maya", kind: .discussion)
            // Sam reads the first thread on the site before the minute is up.
            let page = try await services.threads.thread(id: read.threadID, for: cast.sam, page: 1)
            try await services.threads.markRead(page, by: cast.sam)
            try await age(db)
            let mailer = NotificationMailer(db: db, configuration: .init(baseURL: Self.base))
            #expect(try await mailer.sendDue() == 0)
            #expect(try await outbox(db).isEmpty)
        }
    }

    @Test func aDailyDigestTellsWhatHappenedOnceAndIsScheduledForTomorrow() async throws {
        let sink = try await SMTPSink()
        defer { sink.stop() }
        try await TestDatabase.with { db in
            let cast = try await setUp(db)
            let services = cast.services
            let ada = try await makeMember(services, username: "ada")
            // Sam (daily by default) watches threads he started. In one, Lee's reply was marked
            // read from the notifications list, but Sam hasn't opened the thread yet.
            let timetables = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Timetables", body: "Block or period?", kind: .discussion)
            _ = try await services.discussions.reply(by: cast.lee, toThread: timetables.threadID, body: "Blocks.")
            try await services.notifications.markAllRead(for: cast.sam)
            let watched = try await services.discussions.startThread(
                by: cast.sam, inCategory: "general", title: "Homework policy", body: "Thoughts?", kind: .discussion)
            let reply = try await services.discussions.reply(by: cast.lee, toThread: watched.threadID, body: "We set none in year 7.")
            _ = try await services.posts.toggleReaction("helpful", on: reply.postID, by: ada)
            _ = try await services.discussions.startThread(
                by: cast.lee, inCategory: "general", title: "Reading lists", body: "Ask @sam, he knows", kind: .discussion)
            let lonely = try await services.discussions.startThread(
                by: ada, inCategory: "general", title: "Feedback on my rubric", body: "Please look", kind: .feedback)
            let answered = try await services.discussions.startThread(
                by: cast.lee, inCategory: "general", title: "Feedback on my unit plan", body: "Please look", kind: .feedback)
            _ = try await services.discussions.reply(by: ada, toThread: answered.threadID, body: "Looks good")

            let digests = DigestMailer(db: db, configuration: .init(baseURL: Self.base))
            #expect(try await digests.sendDue() == .init(sent: 0, empty: 0), "not due before a day has passed")
            try await db.query("UPDATE users SET digest_due_at = now() - interval '1 minute'")
            let report = try await digests.sendDue()
            // Lee's and Ada's digests are due too; each has something of its own.
            #expect(report.sent + report.empty == 4)
            #expect(try await digests.sendDue() == .init(sent: 0, empty: 0), "each digest once")
            let due = try await db.query("""
                SELECT bool_and(digest_due_at > now() + interval '23 hours' AND digest_due_at < now() + interval '25 hours')
                FROM users
                """)[0].decode(0, as: Bool.self)
            #expect(due, "the next ones are due a day later")

            let sam = try #require(try await outbox(db).first { $0.recipient == "sam@example.org" })
            #expect(sam.subject.hasPrefix("Your daily Roundtable digest"))
            let text = sam.body
            let sections = ["For you", "In threads you watch", "Feedback requests that need answers", "Most helpful posts"]
            for section in sections { #expect(text.contains(section + "\n"), "\(section) in \(text)") }
            #expect(text.contains("lee mentioned you in “Reading lists”"))
            #expect(text.contains("lee replied in “Homework policy”"))
            #expect(text.contains("“Timetables”: 1 new post"))
            #expect(!text.contains("“Homework policy”: 1 new post"), "told once, under For you")
            // Least answered first.
            let lonelyAt = try #require(text.range(of: "“Feedback on my rubric” by ada: no answers yet"))
            let answeredAt = try #require(text.range(of: "“Feedback on my unit plan” by lee: 1 answer"))
            #expect(lonelyAt.lowerBound < answeredAt.lowerBound)
            #expect(text.contains("lee in “Homework policy” (1 member found it helpful)"))
            #expect(text.contains("/t/\(lonely.threadID)/feedback-on-my-rubric"))
            #expect(text.contains("because your Roundtable mail setting is “daily”"))
            #expect(sam.headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))

            // What the digest told is not mailed again, and a digest with nothing new is not sent.
            try await db.query("UPDATE users SET digest_due_at = now() - interval '1 minute'")
            let quiet = try await digests.sendDue()
            #expect(quiet.sent == 0 && quiet.empty == 4)

            let sender = MailSender(db: db, transport: try SMTPMailTransport(url: sink.url))
            #expect(try await sender.sendDueMessages(limit: 50).failed == 0)
            var subjects: [String] = []
            for index in 1...report.sent { subjects.append(try #require(try await sink.message(index)["subject"] as? String)) }
            #expect(subjects.allSatisfy { $0.hasPrefix("Your daily Roundtable digest") })
        }
    }

    @Test func aWeeklyDigestComesAWeekLaterAndNeverMeansNone() async throws {
        try await TestDatabase.with { db in
            let cast = try await setUp(db)
            let services = cast.services
            try await setFrequency(.weekly, cast.sam, services)
            try await setFrequency(.never, cast.maya, services)
            let due = try await db.query("""
                SELECT digest_due_at > now() + interval '6 days' FROM users WHERE id = $1
                """, [cast.sam.id])[0].decode(0, as: Bool.self)
            #expect(due)
            _ = try await services.discussions.startThread(
                by: cast.lee, inCategory: "general", title: "Week news", body: "@sam @maya look", kind: .discussion)
            try await db.query("UPDATE users SET digest_due_at = now() - interval '1 minute'")
            _ = try await DigestMailer(db: db, configuration: .init(baseURL: Self.base)).sendDue()
            let mails = try await outbox(db)
            #expect(mails.map(\.recipient) == ["sam@example.org"], "lee has nothing new, maya chose never")
            #expect(mails.first?.subject.hasPrefix("Your weekly Roundtable digest") == true)
            let next = try await db.query("""
                SELECT digest_due_at > now() + interval '6 days' FROM users WHERE id = $1
                """, [cast.sam.id])[0].decode(0, as: Bool.self)
            #expect(next)
        }
    }

    @Test func severalSendersAtOnceSendEachDigestAndEachNotificationOnce() async throws {
        try await TestDatabase.with(poolSize: 6) { db in
            let cast = try await setUp(db)
            let services = cast.services
            var members: [Member] = []
            for index in 0..<24 { members.append(try await makeMember(services, username: "member\(index)")) }
            for member in members.prefix(12) { try await setFrequency(.immediately, member, services) }
            let mentions = members.map { "@\($0.username)" }.joined(separator: " ")
            _ = try await services.discussions.startThread(
                by: cast.lee, inCategory: "general", title: "Everyone", body: "Hello \(mentions)", kind: .discussion)
            try await age(db)
            try await db.query("UPDATE users SET digest_due_at = now() - interval '1 minute'")
            let configuration = MemberMailConfiguration(baseURL: Self.base)
            // Three processes' worth of senders, small batches, all at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let digests = DigestMailer(db: db, configuration: configuration)
                        let notifications = NotificationMailer(db: db, configuration: configuration)
                        for _ in 0..<8 {
                            _ = try await digests.sendDue(limit: 2)
                            _ = try await notifications.sendDue(limit: 2)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let counts = try await db.query("SELECT recipient, count(*) FROM mail_outbox GROUP BY recipient").map {
                (try $0.decode(0, as: String.self), try $0.decode(1, as: Int.self))
            }
            // The 24 mentioned, and Sam and Maya, whose digests list Lee's new thread.
            #expect(counts.count == 26, "\(counts)")
            #expect(Set(counts.map(\.0)).isSuperset(of: members.map(\.email)))
            #expect(counts.allSatisfy { $0.1 == 1 }, "\(counts)")
        }
    }
}

/// Replies by mail: `EmailReplies` reading messages as `roundtable mail receive` gets them.
@Suite struct ReplyByMailTests {
    static let domain = "reply.forum.test"

    struct Setting {
        var services: ForumServices
        var sam: Member
        var lee: Member
        var maya: Member
        var threadID: Int
        var token: String
        var unsubscribeToken: String
    }

    /// Sam (immediately) gets a mail about Lee's reply; its Reply-To holds the token.
    func setUp(_ db: PostgresClient) async throws -> Setting {
        let services = makeTestServices(db)
        try await services.directory.createCategory(slug: "general", name: "General")
        let sam = try await makeMember(services, username: "sam"), lee = try await makeMember(services, username: "lee")
        let maya = try await makeMember(services, username: "maya", role: .moderator)
        try await services.emailSettings.setFrequency("immediately", for: sam)
        let thread = try await services.discussions.startThread(
            by: sam, inCategory: "general", title: "Marking load", body: "How many hours?", kind: .discussion)
        _ = try await services.discussions.reply(by: lee, toThread: thread.threadID, body: "About six a week.")
        try await db.query("UPDATE notifications SET created_at = created_at - interval '2 minutes'")
        let configuration = MemberMailConfiguration(baseURL: "http://forum.test", replyDomain: Self.domain)
        #expect(try await NotificationMailer(db: db, configuration: configuration).sendDue() == 1)
        let headers: String = try await db.query("SELECT headers FROM mail_outbox")[0].decode(0)
        let replyTo = try #require(headers.split(separator: "\n").first { $0.hasPrefix("Reply-To: ") })
        let address = replyTo.dropFirst("Reply-To: ".count)
        #expect(address.hasPrefix("reply+") && address.hasSuffix("@" + Self.domain))
        let token = String(address.dropFirst("reply+".count).prefix { $0 != "@" })
        let unsubscribe = try #require(headers.split(separator: "\n").first { $0.hasPrefix("List-Unsubscribe: ") })
        let unsubscribeToken = String(unsubscribe.dropLast().split(separator: "/").last ?? "")
        try await db.query("DELETE FROM mail_outbox")
        return Setting(services: services, sam: sam, lee: lee, maya: maya, threadID: thread.threadID, token: token,
                       unsubscribeToken: unsubscribeToken)
    }

    func replies(_ setting: Setting) -> EmailReplies {
        EmailReplies(services: setting.services,
                     configuration: MemberMailConfiguration(baseURL: "http://forum.test", replyDomain: Self.domain), postLimit: 10)
    }

    static func message(from: String = "Sam <sam@example.org>", token: String, body: String,
                        extraHeaders: String = "") -> [UInt8] {
        Array("""
            From: \(from)\r
            To: Roundtable <reply+\(token)@\(domain)>\r
            Subject: Re: 1 new reply\r
            Date: Tue, 1 Dec 2026 10:00:00 +0000\r
            \(extraHeaders)MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            \(body)
            """.utf8)
    }

    func posts(_ db: PostgresClient, thread: Int) async throws -> [String] {
        try await db.query("SELECT body_source FROM posts WHERE thread_id = $1 ORDER BY position", [thread]).map { try $0.decode(0) }
    }

    @Test func aReplyIsPostedWithoutTheQuotedMailAndTheSignature() async throws {
        try await TestDatabase.with { db in
            let setting = try await setUp(db)
            let body = """
                Six is about what we see too. We cut it with whole-class feedback =
                sheets.\r
                \r
                On Tue, 1 Dec 2026 at 09:58, Roundtable <roundtable@forum.test> wrote:\r
                > lee replied in “Marking load”\r
                >   About six a week.\r
                \r
                -- \r
                Sam, Harbor Middle School
                """
            let posted = try await replies(setting).receive(Self.message(token: setting.token, body: body))
            #expect(posted.threadID == setting.threadID)
            let texts = try await posts(db, thread: setting.threadID)
            #expect(texts.last == "Six is about what we see too. We cut it with whole-class feedback sheets.")
            let author: Int = try await db.query("SELECT author_id FROM posts WHERE id = $1", [posted.postID])[0].decode(0)
            #expect(author == setting.sam.id)
            // Lee watches the thread and hears of it like of any reply.
            #expect(try await db.query("SELECT count(*) FROM notifications WHERE post_id = $1 AND user_id = $2",
                                       [posted.postID, setting.lee.id])[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func aForgedTokenOrAnotherSenderIsRefusedWithoutABounce() async throws {
        try await TestDatabase.with { db in
            let setting = try await setUp(db)
            let forged = String(repeating: "a", count: 40)
            for (raw, reason) in [
                (Self.message(token: forged, body: "Forged"), "unknown or expired reply address"),
                (Self.message(from: "Lee <lee@example.org>", token: setting.token, body: "Not Sam"),
                 "the sender is not the member this reply address belongs to"),
                (Self.message(token: "short", body: "Junk"), "no reply+{token} address among the recipients"),
                (Self.message(token: setting.token, body: "Out of office", extraHeaders: "Auto-Submitted: auto-replied\r\n"),
                 "automatic message (auto-reply, bounce or list) ignored"),
            ] {
                do {
                    _ = try await replies(setting).receive(raw)
                    Issue.record("posted: \(reason)")
                } catch let refusal as EmailReplies.Refusal {
                    #expect(refusal.reason == reason)
                    #expect(!refusal.bounced)
                }
            }
            // A token made for unsubscribing can't post.
            #expect(setting.unsubscribeToken.count == 40)
            await #expect(throws: EmailReplies.Refusal.self) {
                try await replies(setting).receive(Self.message(token: setting.unsubscribeToken, body: "No"))
            }
            #expect(try await posts(db, thread: setting.threadID).count == 2)
            #expect(try await db.query("SELECT count(*) FROM mail_outbox")[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func aLockedThreadRefusesTheReplyAndTellsTheMember() async throws {
        try await TestDatabase.with { db in
            let setting = try await setUp(db)
            _ = try await setting.services.moderation.moderate(.lock, thread: setting.threadID, by: setting.maya, reason: "Done")
            do {
                _ = try await replies(setting).receive(Self.message(token: setting.token, body: "One more thing"))
                Issue.record("posted in a locked thread")
            } catch let refusal as EmailReplies.Refusal {
                #expect(refusal.reason == "This thread is locked.")
                #expect(refusal.bounced)
            }
            #expect(try await posts(db, thread: setting.threadID).count == 2)
            let bounce = try await db.query("SELECT recipient, subject, body, headers FROM mail_outbox")
            #expect(bounce.count == 1)
            #expect(try bounce[0].decode("recipient", as: String.self) == "sam@example.org")
            #expect(try bounce[0].decode("subject", as: String.self) == "Your reply to “Marking load” was not posted")
            #expect(try bounce[0].decode("body", as: String.self).contains("One more thing"))
            #expect(try bounce[0].decode("headers", as: String.self).contains("Auto-Submitted: auto-replied"))
        }
    }

    @Test func aSuspendedMemberAndTheRateLimitAreRefusedToo() async throws {
        try await TestDatabase.with { db in
            let setting = try await setUp(db)
            let strict = EmailReplies(services: setting.services,
                                      configuration: MemberMailConfiguration(baseURL: "http://forum.test", replyDomain: Self.domain),
                                      postLimit: 1)
            _ = try await strict.receive(Self.message(token: setting.token, body: "First by mail"))
            await #expect(throws: EmailReplies.Refusal.self) {
                try await strict.receive(Self.message(token: setting.token, body: "Second by mail"))
            }
            try await setting.services.suspensions.suspend(username: "sam", by: setting.maya, reason: "Spam", until: "")
            do {
                _ = try await replies(setting).receive(Self.message(token: setting.token, body: "While suspended"))
                Issue.record("a suspended member posted")
            } catch let refusal as EmailReplies.Refusal {
                #expect(refusal.reason == "Your account is suspended.")
            }
            #expect(try await posts(db, thread: setting.threadID).count == 3)
        }
    }

    @Test func multipartAndHTMLMailGiveTheirText() {
        let multipart = """
            From: a@example.org\r
            Content-Type: multipart/alternative; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=iso-8859-1\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Data("Caf\u{E9} au lait".unicodeScalars.map { UInt8($0.value) }).base64EncodedString())\r
            --b1\r
            Content-Type: text/html\r
            \r
            <p>ignored</p>\r
            --b1--\r
            """
        #expect(IncomingMessage(multipart).text.trimmingCharacters(in: .whitespacesAndNewlines) == "Café au lait")
        let html = """
            From: a@example.org\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <div>Yes &amp; no<br>second line</div><blockquote>old mail</blockquote>
            """
        #expect(ReplyText.extract(IncomingMessage(html).text) == "Yes & no\nsecond line")
        #expect(ReplyText.extract("Short answer\n\nSent from my phone\n> old") == "Short answer")
        #expect(ReplyText.extract("Answer\n\nOn Mon, Lee <lee@example.org>\nwrote:\n> old") == "Answer")
        #expect(ReplyText.extract("Answer\n-----Original Message-----\nFrom: x") == "Answer")
    }
}
