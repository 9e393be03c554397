/// Who may download an attachment: exactly who may read its owner. Posts follow the one rule
/// of `PostVisibility` (hidden, deleted, deleted thread, private or moved-to-private
/// category); private messages follow theirs: only the conversation's current participants
/// (not one who left, not moderators or admins). The download route never grows a rule of
/// its own.
public enum AttachmentOwner: Sendable {
    case post(id: Int, facts: Policy.PostFacts)
    /// `readerIsParticipant`: the reader is in the message's conversation and has not left.
    case message(id: Int, readerIsParticipant: Bool)
}

public enum AttachmentVisibility {
    public static func canRead(_ member: Member, _ owner: AttachmentOwner) -> Bool {
        switch owner {
        case .post(_, let facts): PostVisibility.canRead(member, facts)
        case .message(_, let readerIsParticipant): readerIsParticipant
        }
    }
}
