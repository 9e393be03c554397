import Foundation
import Postgres
import Views

/// A notification as mail shows it. The kind is kept as text: a kind added later (such as
/// private messages) still reaches the member, in the words `wording` gives it.
struct MailedNotification {
    var id: Int
    var kind: String
    var actor: String?
    var threadID: Int?
    var threadSlug: String?
    var threadTitle: String?
    var postID: Int?
    var position: Int?
    /// The start of the post's text, only when the post is live.
    var excerpt: String?
    /// Every column of the notification row (JSON), for kinds whose facts live in columns
    /// this code doesn't know by name.
    var fields: [String: Any]
    var visible: Bool

    /// The one place that says, per kind, what a mail tells the member and where it links.
    /// A new kind needs one case here; until it has one, it is mailed with the general words.
    func wording(_ configuration: MemberMailConfiguration) -> MemberMail.Item {
        let who = actor ?? "Someone"
        let title = "“\(threadTitle ?? "a thread")”"
        let thread = threadLink(configuration)
        switch kind {
        case "reply":
            return .init(line: "\(who) replied in \(title)", link: thread, excerpt: MemberMail.excerpt(excerpt))
        case "mention":
            return .init(line: "\(who) mentioned you in \(title)", link: thread, excerpt: MemberMail.excerpt(excerpt))
        case "accepted":
            return .init(line: "\(who) took up your feedback in \(title)", link: thread, excerpt: nil)
        case "reaction":
            return .init(line: "\(who) found your post in \(title) helpful", link: thread, excerpt: nil)
        case "flag_dismissed":
            return .init(line: "A moderator reviewed the post you flagged in \(title) and left it up", link: thread, excerpt: nil)
        case "flag_upheld":
            return .init(line: "A moderator reviewed the post you flagged in \(title) and hid it", link: thread, excerpt: nil)
        case "message":
            // Private messages (another branch): "New message from X: subject", linked to the conversation.
            let subject = string("subject").map { ": \($0)" } ?? ""
            let id = int("conversation_id") ?? int("message_id")
            return .init(line: "New message from \(who)\(subject)",
                         link: configuration.absolute(path: id.map { "/messages/\($0)" } ?? "/messages"),
                         excerpt: MemberMail.excerpt(string("body") ?? excerpt))
        default:
            if let text = string("text"), let link = string("link"), link.hasPrefix("/"), !link.hasPrefix("//") {
                return .init(line: text, link: configuration.absolute(path: link), excerpt: nil)
            }
            if threadID != nil {
                return .init(line: "Something new for you in \(title)", link: thread, excerpt: nil)
            }
            return .init(line: "Something new for you on Roundtable", link: configuration.absolute(.notifications), excerpt: nil)
        }
    }

    private func threadLink(_ configuration: MemberMailConfiguration) -> String {
        guard let threadID, let threadSlug else { return configuration.absolute(.notifications) }
        return configuration.absolute(path: SiteURL.threadPage(
            threadID, slug: threadSlug, page: position.map(ThreadQueries.page(ofPosition:)) ?? 1, post: postID))
    }

    private func string(_ key: String) -> String? {
        (fields[key] as? String).map { MailMessageText.singleLine($0, limit: 200) }
    }

    private func int(_ key: String) -> Int? {
        (fields[key] as? NSNumber)?.intValue ?? (fields[key] as? String).flatMap { Int($0) }
    }

    /// The member's notifications not yet mailed nor read, oldest first (at most 200), with
    /// whether the member may still see what each is about (`PostVisibility`, as the
    /// notifications page decides). `since` bounds how old they may be.
    static func pending(userID: Int, moderator: Bool, since: Date, on connection: PostgresConnection) throws -> [MailedNotification] {
        try connection.query("""
            SELECT n.id, n.kind, a.username AS actor, n.thread_id, t.slug, t.title, n.post_id, p.position,
                   CASE WHEN p.hidden_at IS NULL AND p.deleted_at IS NULL THEN left(p.body_source, 2000) END AS excerpt,
                   to_jsonb(n)::text AS fields,
                   (n.thread_id IS NULL OR coalesce(\(NotificationCenter.visibilitySQL(moderator: "$2")), false)) AS visible
            FROM notifications n
            LEFT JOIN users a ON a.id = n.actor_id
            LEFT JOIN threads t ON t.id = n.thread_id
            LEFT JOIN categories c ON c.id = t.category_id
            LEFT JOIN posts p ON p.id = n.post_id
            WHERE n.user_id = $1 AND n.mailed_at IS NULL AND n.read_at IS NULL AND n.kind <> 'reaction'
              AND n.created_at >= $3
            ORDER BY n.created_at, n.id
            LIMIT 200
            """, [userID, moderator, since]).map { row in
            let json: String = try row.decode("fields")
            let fields = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
            return MailedNotification(
                id: try row.decode("id"), kind: try row.decode("kind"), actor: try row.decode("actor"),
                threadID: try row.decode("thread_id"), threadSlug: try row.decode("slug"), threadTitle: try row.decode("title"),
                postID: try row.decode("post_id"), position: try row.decode("position"), excerpt: try row.decode("excerpt"),
                fields: fields, visible: try row.decode("visible"))
        }
    }

    /// Marks notifications as mailed (visible or not: none is looked at twice).
    static func markMailed(_ ids: [Int], on connection: PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try connection.query("""
            UPDATE notifications SET mailed_at = now() WHERE id = ANY (string_to_array($1, ',')::bigint[])
            """, [ids.map(String.init).joined(separator: ",")])
    }
}

enum MailMessageText {
    /// One line of at most `limit` characters, with control characters and line breaks gone.
    static func singleLine(_ text: String, limit: Int) -> String {
        String(String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }).prefix(limit))
    }
}
