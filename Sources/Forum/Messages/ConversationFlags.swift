import Foundation
import Postgres

extension Moderation {
    /// A flagged conversation in the moderators' queue: the text as it was when flagged
    /// (the newest snapshot), never the live conversation, which moderators cannot open.
    public struct FlaggedConversation: Sendable {
        public struct Report: Sendable {
            public var flagger: String
            public var reason: String
            public var createdAt: Date
        }

        /// The oldest open flag's id: the queue resolves a conversation's flags through it.
        public var flagID: Int
        public var conversationID: Int
        public var subject: String
        public var snapshot: String
        public var reports: [Report]
    }

    /// Open flags on conversations grouped by conversation, the longest-waiting first.
    public func openConversationFlags(limit: Int = 200) async throws -> [FlaggedConversation] {
        let rows = try await db.query("""
            SELECT f.id, f.reason, f.created_at, f.snapshot, fu.username AS flagger, cv.id AS conversation_id, cv.subject,
                   min(f.created_at) OVER (PARTITION BY f.conversation_id) AS first_flagged,
                   max(f.created_at) OVER (PARTITION BY f.conversation_id) AS last_flagged
            FROM flags f
            JOIN users fu ON fu.id = f.flagger_id
            JOIN conversations cv ON cv.id = f.conversation_id
            WHERE f.resolved_at IS NULL AND f.conversation_id IS NOT NULL
            ORDER BY first_flagged, f.conversation_id, f.created_at, f.id
            LIMIT $1
            """, [limit])
        var flagged: [FlaggedConversation] = []
        for row in rows {
            let report = FlaggedConversation.Report(flagger: try row.decode("flagger"), reason: try row.decode("reason"),
                                                    createdAt: try row.decode("created_at"))
            let conversationID: Int = try row.decode("conversation_id")
            let snapshot: String = try row.decode("snapshot")
            if let last = flagged.last, last.conversationID == conversationID {
                flagged[flagged.count - 1].reports.append(report)
                // Rows come oldest first: the last flag's snapshot is the fullest.
                flagged[flagged.count - 1].snapshot = snapshot
                continue
            }
            flagged.append(FlaggedConversation(flagID: try row.decode("id"), conversationID: conversationID,
                                               subject: try row.decode("subject"), snapshot: snapshot, reports: [report]))
        }
        return flagged
    }

    /// Resolves the flags of the conversation flag `flagID` belongs to; false (and nothing
    /// done) when it is a post's flag, which `resolveFlags` handles.
    public func reviewConversationFlags(_ flagID: Int, by member: Member, reason: String? = nil) async throws -> Bool {
        guard Policy.canSeeModeratorPages(member) else { throw NotFound() }
        let reason = try Self.cleanedReason(reason)
        return try await db.withTransaction { connection in
            try Self.resolveConversationFlags(flagID: flagID, by: member, reason: reason, on: connection)
        }
    }

    /// Marks every open flag on a conversation reviewed. A conversation is not hidden: the
    /// moderator acts on its members (suspension) instead. Returns false when the flag is
    /// not about a conversation.
    static func resolveConversationFlags(flagID: Int, by member: Member, reason: String?,
                                         on connection: PostgresConnection) throws -> Bool {
        guard let flag = try connection.query("SELECT conversation_id FROM flags WHERE id = $1", [flagID]).first,
              let conversationID = try flag.decode("conversation_id", as: Int?.self)
        else { return false }
        let resolved = try connection.query("""
            UPDATE flags SET resolved_at = now(), resolved_by = $2, resolution = 'dismissed'
            WHERE conversation_id = $1 AND resolved_at IS NULL
            RETURNING id
            """, [conversationID, member.id]).count
        if resolved > 0 {
            try AuditLog.record(on: connection, actorID: member.id, action: "conversation.review_flags",
                                targetType: "conversation", targetID: conversationID,
                                summary: "Reviewed \(resolved == 1 ? "1 flag" : "\(resolved) flags") on a private conversation",
                                reason: reason)
        }
        return true
    }
}
