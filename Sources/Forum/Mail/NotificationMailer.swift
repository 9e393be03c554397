import Foundation
import Postgres

/// Immediate mail: members who chose `immediately` hear of their notifications once these
/// have waited `batchSeconds` (everything pending then goes out together, one mail per
/// thread), unless they read them on the site first. Nobody is notified of their own actions
/// (`Notifier` never records those), so nobody is mailed about them either.
///
/// Several `serve` processes run this at once: each claims members with
/// `FOR NO KEY UPDATE SKIP LOCKED` and marks their notifications mailed in the same
/// transaction that queues the mail, so a notification is mailed once.
public struct NotificationMailer: Sendable {
    let db: PostgresClient
    let configuration: MemberMailConfiguration

    public init(db: PostgresClient, configuration: MemberMailConfiguration) {
        self.db = db
        self.configuration = configuration
    }

    /// Notifications older than this are never mailed on their own (a member who switches to
    /// `immediately` gets no mail about last month).
    static let maximumAgeSeconds: Double = 3 * 24 * 3600

    /// Queues the mail of up to `limit` members whose batch is ready; returns how many mails.
    @discardableResult
    public func sendDue(limit: Int = 20) async throws -> Int {
        let configuration = configuration
        return try await db.withTransaction { connection in
            let members = try connection.query("""
                SELECT u.id, u.email, u.role FROM users u
                WHERE u.email_notifications = 'immediately' AND u.deactivated_at IS NULL
                  AND u.id IN (SELECT n.user_id FROM notifications n
                               WHERE n.mailed_at IS NULL AND n.read_at IS NULL AND n.kind <> 'reaction'
                                 AND n.created_at <= now() - make_interval(secs => $2)
                                 AND n.created_at > now() - make_interval(secs => $3))
                ORDER BY u.id
                LIMIT $1
                FOR NO KEY UPDATE OF u SKIP LOCKED
                """, [limit, configuration.batchSeconds, Int(Self.maximumAgeSeconds)])
            var mails = 0
            for member in members {
                let userID: Int = try member.decode("id")
                let role: Role = try member.decode("role")
                let pending = try MailedNotification.pending(
                    userID: userID, moderator: role.canModerate, since: Date().addingTimeInterval(-Self.maximumAgeSeconds),
                    on: connection)
                try MailedNotification.markMailed(pending.map(\.id), on: connection)
                for group in Self.groups(pending.filter(\.visible)) {
                    try Self.mail(group, to: try member.decode("email"), userID: userID, configuration: configuration,
                                  on: connection)
                    mails += 1
                }
            }
            return mails
        }
    }

    /// One mail per thread (in the order their first notification came); notifications about
    /// no thread (messages, kinds to come) share one more.
    static func groups(_ notifications: [MailedNotification]) -> [[MailedNotification]] {
        var order: [Int?] = []
        var byThread: [Int?: [MailedNotification]] = [:]
        for notification in notifications {
            if byThread[notification.threadID] == nil { order.append(notification.threadID) }
            byThread[notification.threadID, default: []].append(notification)
        }
        return order.compactMap { byThread[$0] }
    }

    static func mail(_ group: [MailedNotification], to recipient: String, userID: Int,
                     configuration: MemberMailConfiguration, on connection: PostgresConnection) throws {
        guard let first = group.first else { return }
        let items = group.map { $0.wording(configuration) }
        var mail = MemberMail(subject: subject(group, first: items[0].line))
        if let threadID = first.threadID, configuration.replyDomain != nil {
            let token = try MailTokens.issue(.reply, userID: userID, threadID: threadID, on: connection)
            mail.replyTo = configuration.replyAddress(token: token)
        }
        mail.list(items)
        try mail.enqueue(to: recipient, userID: userID,
                         reason: "You get this mail because your Roundtable mail setting is “immediately”: "
                            + "replies to threads you watch, mentions, messages and answers to your flags and feedback requests.",
                         configuration: configuration, on: connection)
    }

    static func subject(_ group: [MailedNotification], first: String) -> String {
        guard group.count > 1 else { return first }
        let title = group[0].threadTitle.map { " in “\($0)”" } ?? ""
        let replies = group.filter { $0.kind == "reply" }.count
        if replies == group.count { return "\(replies) new replies\(title)" }
        return "\(group.count) new notifications\(title)"
    }
}
