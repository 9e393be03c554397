import Foundation
import Postgres
import Views

/// Daily and weekly digests: what is addressed to the member, news in the threads they
/// watch, new threads, feedback requests that still need answers (least answered first) and
/// the most helpful posts of the period. A digest with nothing new is not sent; its
/// schedule moves on all the same.
///
/// Due digests are claimed with `FOR NO KEY UPDATE SKIP LOCKED` on the member's row, and the
/// mail is queued and the schedule moved in that one transaction: however many processes
/// run this at once (every `serve`, `roundtable mail digest`), each digest goes out once.
public struct DigestMailer: Sendable {
    let db: PostgresClient
    let configuration: MemberMailConfiguration

    public init(db: PostgresClient, configuration: MemberMailConfiguration) {
        self.db = db
        self.configuration = configuration
    }

    public struct Report: Sendable, Equatable {
        /// Digests queued.
        public var sent = 0
        /// Digests due that had nothing new (rescheduled, not sent).
        public var empty = 0

        public init(sent: Int = 0, empty: Int = 0) {
            self.sent = sent
            self.empty = empty
        }
    }

    /// Handles up to `limit` due digests in one transaction.
    @discardableResult
    public func sendDue(limit: Int = 20) async throws -> Report {
        let configuration = configuration
        return try await db.withTransaction { connection in
            let members = try connection.query("""
                SELECT u.id, u.email, u.role, u.email_notifications,
                       greatest(coalesce(u.digest_sent_at, '-infinity'),
                                now() - make_interval(days => CASE u.email_notifications WHEN 'weekly' THEN 7 ELSE 1 END)) AS since
                FROM users u
                WHERE u.email_notifications IN ('daily', 'weekly') AND u.deactivated_at IS NULL AND u.digest_due_at <= now()
                ORDER BY u.digest_due_at, u.id
                LIMIT $1
                FOR NO KEY UPDATE OF u SKIP LOCKED
                """, [limit])
            var report = Report()
            for member in members {
                let userID: Int = try member.decode("id")
                let frequency: EmailFrequency = try member.decode("email_notifications")
                let sent = try Self.digest(userID: userID, email: try member.decode("email"), role: try member.decode("role"),
                                           frequency: frequency, since: try member.decode("since"),
                                           configuration: configuration, on: connection)
                if sent { report.sent += 1 } else { report.empty += 1 }
                // The next one is a period after this one was due; after a long outage, a
                // period from now (never a burst of catch-up digests).
                try connection.query("""
                    UPDATE users SET digest_sent_at = now(),
                        digest_due_at = CASE WHEN digest_due_at + make_interval(days => $2) > now()
                                             THEN digest_due_at + make_interval(days => $2)
                                             ELSE now() + make_interval(days => $2) END
                    WHERE id = $1
                    """, [userID, frequency.digestDays ?? 1])
            }
            return report
        }
    }

    struct ThreadNews {
        var line: String
        var link: String
    }

    /// Writes and queues one member's digest; false when there was nothing new to tell.
    static func digest(userID: Int, email: String, role: Role, frequency: EmailFrequency, since: Date,
                       configuration: MemberMailConfiguration, on connection: PostgresConnection) throws -> Bool {
        let moderator = role.canModerate
        let notifications = try MailedNotification.pending(userID: userID, moderator: moderator, since: since, on: connection)
        try MailedNotification.markMailed(notifications.map(\.id), on: connection)
        let forYou = notifications.filter(\.visible).map { $0.wording(configuration) }
        // A thread already listed under "For you" isn't listed again under watched threads.
        let toldAbout = Set(notifications.filter(\.visible).compactMap(\.threadID))
        let threadLink = { (id: Int, slug: String, position: Int?) -> String in
            configuration.absolute(path: SiteURL.threadPage(id, slug: slug, page: position.map(ThreadQueries.page(ofPosition:)) ?? 1))
        }

        // Watched threads with posts by others since the last digest that the member hasn't read.
        let watched = try connection.query("""
            SELECT t.id, t.slug, t.title, count(*) AS new_posts, min(p.position) AS first_new, max(p.created_at) AS latest
            FROM thread_watches w
            JOIN threads t ON t.id = w.thread_id
            JOIN categories c ON c.id = t.category_id
            JOIN posts p ON p.thread_id = t.id
            LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1
            WHERE w.user_id = $1 AND \(ThreadVisibility.sql(moderator: "$2"))
              AND p.created_at >= $3 AND p.author_id <> $1 AND p.hidden_at IS NULL AND p.deleted_at IS NULL
              AND p.position > coalesce(r.last_read_position, 0)
            GROUP BY t.id
            ORDER BY latest DESC
            LIMIT 10
            """, [userID, moderator, since]).filter { !toldAbout.contains(try $0.decode("id", as: Int.self)) }.map { row in
            let count: Int = try row.decode("new_posts")
            return MemberMail.Item(
                line: "“\(try row.decode("title", as: String.self))”: \(count == 1 ? "1 new post" : "\(count) new posts")",
                link: threadLink(try row.decode("id"), try row.decode("slug"), try row.decode("first_new")), excerpt: nil)
        }

        let newThreads = try connection.query("""
            SELECT t.id, t.slug, t.title, a.username, c.name AS category
            FROM threads t
            JOIN categories c ON c.id = t.category_id
            JOIN users a ON a.id = t.author_id
            WHERE t.created_at >= $3 AND t.author_id <> $1 AND \(ThreadVisibility.sql(moderator: "$2"))
              AND NOT EXISTS (SELECT 1 FROM thread_watches w WHERE w.thread_id = t.id AND w.user_id = $1)
            ORDER BY t.created_at DESC
            LIMIT 8
            """, [userID, moderator, since]).map { row in
            MemberMail.Item(
                line: "“\(try row.decode("title", as: String.self))” by \(try row.decode("username", as: String.self)) in \(try row.decode("category", as: String.self))",
                link: threadLink(try row.decode("id"), try row.decode("slug"), nil), excerpt: nil)
        }

        let helpful = try connection.query("""
            SELECT p.id, p.position, p.body_source, t.id AS thread_id, t.slug, t.title, a.username, count(*) AS helpful
            FROM post_reactions r
            JOIN posts p ON p.id = r.post_id
            JOIN threads t ON t.id = p.thread_id
            JOIN categories c ON c.id = t.category_id
            JOIN users a ON a.id = p.author_id
            WHERE r.reaction = 'helpful' AND r.created_at >= $2 AND \(PostVisibility.listedSQL(moderator: "$1"))
            GROUP BY p.id, t.id, a.username
            ORDER BY helpful DESC, p.id DESC
            LIMIT 3
            """, [moderator, since]).map { row in
            let count: Int = try row.decode("helpful")
            let threadID: Int = try row.decode("thread_id"), position: Int = try row.decode("position")
            return MemberMail.Item(
                line: "\(try row.decode("username", as: String.self)) in “\(try row.decode("title", as: String.self))” (\(count == 1 ? "1 member" : "\(count) members") found it helpful)",
                link: configuration.absolute(path: SiteURL.threadPage(
                    threadID, slug: try row.decode("slug"), page: ThreadQueries.page(ofPosition: position), post: try row.decode("id"))),
                excerpt: MemberMail.excerpt(try row.decode("body_source"), lines: 4, characters: 280))
        }

        guard !forYou.isEmpty || !watched.isEmpty || !newThreads.isEmpty || !helpful.isEmpty else { return false }

        // Open requests by others that the member hasn't answered, least answered first.
        let feedback = try connection.query("""
            SELECT t.id, t.slug, t.title, a.username,
                   (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.position > 1
                      AND p.hidden_at IS NULL AND p.deleted_at IS NULL) AS answers
            FROM threads t
            JOIN categories c ON c.id = t.category_id
            JOIN users a ON a.id = t.author_id
            WHERE t.feedback_status = 'open' AND t.deleted_at IS NULL AND t.author_id <> $1
              AND \(ThreadVisibility.sql(moderator: "$2"))
              AND NOT EXISTS (SELECT 1 FROM posts mine WHERE mine.thread_id = t.id AND mine.author_id = $1)
            ORDER BY answers, t.created_at
            LIMIT 5
            """, [userID, moderator]).map { row in
            let answers: Int = try row.decode("answers")
            return MemberMail.Item(
                line: "“\(try row.decode("title", as: String.self))” by \(try row.decode("username", as: String.self)): "
                    + (answers == 0 ? "no answers yet" : answers == 1 ? "1 answer" : "\(answers) answers"),
                link: threadLink(try row.decode("id"), try row.decode("slug"), nil), excerpt: nil)
        }

        let period = frequency == .weekly ? "weekly" : "daily"
        var summary: [String] = []
        if !forYou.isEmpty { summary.append(forYou.count == 1 ? "1 for you" : "\(forYou.count) for you") }
        if !watched.isEmpty { summary.append(watched.count == 1 ? "1 watched thread" : "\(watched.count) watched threads") }
        if !newThreads.isEmpty { summary.append(newThreads.count == 1 ? "1 new thread" : "\(newThreads.count) new threads") }
        var mail = MemberMail(subject: "Your \(period) Roundtable digest" + (summary.isEmpty ? "" : ": " + summary.joined(separator: ", ")))
        mail.paragraph("Here is what happened on Roundtable since your last digest.")
        if !forYou.isEmpty {
            mail.heading("For you")
            mail.list(forYou)
        }
        if !watched.isEmpty {
            mail.heading("In threads you watch")
            mail.list(watched)
        }
        if !newThreads.isEmpty {
            mail.heading("New threads")
            mail.list(newThreads)
        }
        if !feedback.isEmpty {
            mail.heading("Feedback requests that need answers")
            mail.list(feedback)
        }
        if !helpful.isEmpty {
            mail.heading("Most helpful posts")
            mail.list(helpful)
        }
        try mail.enqueue(to: email, userID: userID,
                         reason: "You get this mail because your Roundtable mail setting is “\(period)”: one digest "
                            + (frequency == .weekly ? "a week" : "a day") + " when there is something new.",
                         configuration: configuration, on: connection)
        return true
    }
}
