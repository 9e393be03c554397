import Foundation
import Markdown
import Postgres

/// Private messages: conversations between 2 and 21 members. Only participants who have not
/// left can read or answer one; everyone else, moderators and admins included, learns
/// nothing (`NotFound`). Moderators read a conversation only as the snapshot a flag carries.
public struct PrivateMessages: Sendable {
    public static let maxSubjectLength = 200
    public static let perPage = 30
    public static let messagesPerPage = 50
    /// A flag's snapshot holds the newest messages up to this many characters, so one flag
    /// on a huge conversation can't fill the queue's page.
    static let maxSnapshotLength = 200_000

    let db: PostgresClient
    let renderer: any PostRenderer

    public init(db: PostgresClient, renderer: any PostRenderer) {
        self.db = db
        self.renderer = renderer
    }

    public struct Sent: Sendable, Equatable {
        public var conversationID: Int
        public var messageID: Int
    }

    /// A member may write only while their account is in good standing.
    static func refuseUnlessActive(_ member: Member, on connection: PostgresConnection) throws {
        if let refusal = Policy.standingRefusal(member) { throw Forbidden(refusal) }
        // The session was checked when the request began; a suspension since then counts too.
        guard let row = try connection.query("""
            SELECT deactivated_at IS NOT NULL AS deactivated,
                   (suspended_at IS NOT NULL AND (suspended_until IS NULL OR suspended_until > now())) AS suspended
            FROM users WHERE id = $1
            """, [member.id]).first
        else { throw NotFound() }
        if try row.decode("deactivated", as: Bool.self) { throw Forbidden("Your account is deactivated.") }
        if try row.decode("suspended", as: Bool.self) { throw Forbidden("Your account is suspended.") }
    }

    public static func validate(subject: String) -> String? {
        let trimmed = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Give the conversation a subject." }
        if trimmed.count > maxSubjectLength { return "Keep the subject under \(maxSubjectLength) characters." }
        return nil
    }

    /// Starts a conversation. Problems come back together as a `ValidationError` keyed by
    /// `to`, `subject` and `body` (then `files`, checked once the text is right); an account
    /// not in good standing gets `Forbidden`. Nothing is saved unless everything is.
    public func start(by member: Member, to field: String, subject: String, body: String,
                      uploads: [Upload] = []) async throws -> Sent {
        var problems: [String: String] = [:]
        var recipients: RecipientList?
        do { recipients = try RecipientList.parse(field) } catch let error as ValidationError {
            problems.merge(error.messages) { first, _ in first }
        }
        if let problem = Self.validate(subject: subject) { problems["subject"] = problem }
        if let problem = Discussions.validate(body: body) { problems["body"] = problem }
        if let refusal = Policy.standingRefusal(member) { throw Forbidden(refusal) }
        guard problems.isEmpty, let recipients else { throw ValidationError(problems) }
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let html = await renderer.render(body).html
        return try await db.withTransaction { connection in
            try Self.refuseUnlessActive(member, on: connection)
            let recipientIDs = try Self.resolve(recipients, sender: member, on: connection)
            let files = try Attachments.stage(uploads, owner: "message")
            let conversationID: Int = try connection.query("""
                INSERT INTO conversations (author_id, subject) VALUES ($1, $2) RETURNING id
                """, [member.id, subject])[0].decode(0)
            try connection.query("""
                INSERT INTO conversation_members (conversation_id, user_id)
                SELECT $1, unnest($2::bigint[])
                """, [conversationID, Self.arrayLiteral([member.id] + recipientIDs)])
            let messageID = try Self.insertMessage(conversationID: conversationID, author: member, source: body, html: html,
                                                   on: connection)
            let inserted = try Attachments.insert(files, postID: nil, uploaderID: member.id, on: connection)
            try Attachments.attach(inserted.map(\.id), toMessage: messageID, on: connection)
            return Sent(conversationID: conversationID, messageID: messageID)
        }
    }

    /// The ids of the named members. Unknown names, members who can't sign in and a list
    /// naming only the sender are refused, each with the names concerned.
    static func resolve(_ recipients: RecipientList, sender: Member, on connection: PostgresConnection) throws -> [Int] {
        let plausible = recipients.names.filter(RecipientList.isPlausible)
        // Usernames are [A-Za-z0-9_], so a comma-joined list is unambiguous.
        let rows = try connection.query("""
            SELECT id, lower(username) AS name, username,
                   deactivated_at IS NULL
                   AND NOT (suspended_at IS NOT NULL AND (suspended_until IS NULL OR suspended_until > now())) AS can_sign_in
            FROM users WHERE lower(username) = ANY (string_to_array($1, ','))
            """, [plausible.joined(separator: ",")])
        var found: [String: (id: Int, username: String, canSignIn: Bool)] = [:]
        for row in rows {
            let name: String = try row.decode("name")
            found[name] = (id: try row.decode("id", as: Int.self), username: try row.decode("username", as: String.self),
                           canSignIn: try row.decode("can_sign_in", as: Bool.self))
        }
        let unknown = recipients.names.filter { found[$0] == nil }
        if !unknown.isEmpty {
            let shown = unknown.prefix(5).map { String($0.prefix(30)) }.joined(separator: ", ")
            throw ValidationError(field: "to", unknown.count == 1 ? "No member is called \(shown)."
                                  : "No members are called \(shown)\(unknown.count > 5 ? "…" : ".")")
        }
        let others = recipients.names.compactMap { found[$0] }.filter { $0.id != sender.id }
        if others.isEmpty { throw ValidationError(field: "to", "Name someone other than yourself.") }
        let unreachable = others.filter { !$0.canSignIn }.map(\.username)
        if !unreachable.isEmpty {
            throw ValidationError(field: "to", "\(unreachable.joined(separator: ", ")) can't receive messages: "
                                  + (unreachable.count == 1 ? "their account is" : "their accounts are") + " not active.")
        }
        return others.map(\.id)
    }

    /// Adds a reply; only participants who have not left may write. A problem with the
    /// text or the files is a `ValidationError` (`body` or `files`) and saves nothing.
    public func reply(by member: Member, to conversationID: Int, body: String, uploads: [Upload] = []) async throws -> Sent {
        if let problem = Discussions.validate(body: body) { throw ValidationError(field: "body", problem) }
        if let refusal = Policy.standingRefusal(member) { throw Forbidden(refusal) }
        let html = await renderer.render(body).html
        return try await db.withTransaction { connection in
            // Checked and copied before the conversation's row lock, so other replies never
            // wait for it; the owner is named once the message exists.
            let files = try Attachments.insert(try Attachments.stage(uploads, owner: "message"), postID: nil,
                                               uploaderID: member.id, on: connection)
            // The conversation's row lock keeps `last_message_id` in step under concurrent replies.
            guard try connection.query("""
                SELECT 1 FROM conversations cv
                JOIN conversation_members me ON me.conversation_id = cv.id AND me.user_id = $2 AND me.left_at IS NULL
                WHERE cv.id = $1
                FOR UPDATE OF cv
                """, [conversationID, member.id]).first != nil
            else { throw NotFound() }
            try Self.refuseUnlessActive(member, on: connection)
            let messageID = try Self.insertMessage(conversationID: conversationID, author: member, source: body, html: html,
                                                   on: connection)
            try Attachments.attach(files.map(\.id), toMessage: messageID, on: connection)
            return Sent(conversationID: conversationID, messageID: messageID)
        }
    }

    /// Writes a message, moves the conversation's latest activity, marks it read for its
    /// author and tells the other participants still in it (never the author).
    static func insertMessage(conversationID: Int, author: Member, source: String, html: String,
                              on connection: PostgresConnection) throws -> Int {
        let messageID: Int = try connection.query("""
            INSERT INTO messages (conversation_id, author_id, body_source, body_html) VALUES ($1, $2, $3, $4)
            RETURNING id
            """, [conversationID, author.id, source, html])[0].decode(0)
        try connection.query("""
            UPDATE conversations SET last_message_id = $2, last_message_at = now() WHERE id = $1
            """, [conversationID, messageID])
        try connection.query("""
            UPDATE conversation_members SET last_read_message_id = $3 WHERE conversation_id = $1 AND user_id = $2
            """, [conversationID, author.id, messageID])
        try connection.query("""
            INSERT INTO notifications (user_id, kind, actor_id, conversation_id, message_id)
            SELECT cm.user_id, 'message', $2, $1, $3
            FROM conversation_members cm JOIN users u ON u.id = cm.user_id
            WHERE cm.conversation_id = $1 AND cm.user_id <> $2 AND cm.left_at IS NULL AND u.deactivated_at IS NULL
            """, [conversationID, author.id, messageID])
        return messageID
    }

    /// The member leaves: the conversation disappears from their list and pages, and their
    /// notifications about it go with it. The others carry on.
    public func leave(_ conversationID: Int, by member: Member) async throws {
        try await db.withTransaction { connection in
            let rows = try connection.query("""
                UPDATE conversation_members SET left_at = now()
                WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL
                RETURNING 1
                """, [conversationID, member.id])
            guard !rows.isEmpty else { throw NotFound() }
            try connection.query("""
                UPDATE notifications SET read_at = now() WHERE user_id = $2 AND conversation_id = $1 AND read_at IS NULL
                """, [conversationID, member.id])
        }
    }

    /// Puts the conversation in the moderators' queue with its text as it is now. One open
    /// flag per member: flagging again while it waits replaces the reason and the text.
    public func flag(_ conversationID: Int, by member: Member, reason: String) async throws -> Moderation.FlagOutcome {
        guard let reason = try Moderation.cleanedReason(reason, limit: Moderation.maxFlagReasonLength) else {
            throw ValidationError(field: "reason", "Say what is wrong with this conversation.")
        }
        return try await db.withTransaction { connection in
            guard let header = try connection.query("""
                SELECT cv.subject,
                       (SELECT string_agg('@' || u.username, ', ' ORDER BY lower(u.username))
                        FROM conversation_members cm JOIN users u ON u.id = cm.user_id
                        WHERE cm.conversation_id = cv.id) AS participants
                FROM conversations cv
                JOIN conversation_members me ON me.conversation_id = cv.id AND me.user_id = $2 AND me.left_at IS NULL
                WHERE cv.id = $1
                """, [conversationID, member.id]).first
            else { throw NotFound() }
            let messages = try connection.query("""
                SELECT a.username, m.created_at, m.body_source
                FROM messages m JOIN users a ON a.id = m.author_id
                WHERE m.conversation_id = $1
                ORDER BY m.id DESC
                LIMIT 200
                """, [conversationID])
            var blocks: [String] = []
            var length = 0
            for row in messages {
                let author: String = try row.decode("username")
                let createdAt: Date = try row.decode("created_at")
                let source: String = try row.decode("body_source")
                let block = "@\(author), \(Self.stamp(createdAt)):\n" + source
                length += block.count
                if length > Self.maxSnapshotLength && !blocks.isEmpty { break }
                blocks.append(String(block.prefix(Self.maxSnapshotLength)))
            }
            let older = blocks.count < messages.count ? "(older messages left out)\n\n" : ""
            let subject: String = try header.decode("subject")
            let participants: String? = try header.decode("participants")
            let snapshot = "Subject: \(subject)\nParticipants: \(participants ?? "")\n\n"
                + older + blocks.reversed().joined(separator: "\n\n")
            let rows = try connection.query("""
                INSERT INTO flags (conversation_id, flagger_id, reason, snapshot) VALUES ($1, $2, $3, $4)
                ON CONFLICT (conversation_id, flagger_id) WHERE conversation_id IS NOT NULL AND resolved_at IS NULL
                DO UPDATE SET reason = EXCLUDED.reason, snapshot = EXCLUDED.snapshot
                RETURNING xmax = 0 AS inserted
                """, [conversationID, member.id, reason, snapshot])
            return try rows.first?.decode("inserted", as: Bool.self) == true ? .flagged : .updated
        }
    }

    static func stamp(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// `{1,2,3}`: a Postgres array of ids, passed as one parameter.
    static func arrayLiteral(_ ids: [Int]) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }
}
