/// Who may download an attachment: exactly who may read its owner. Posts follow the one rule
/// of `PostVisibility` (hidden, deleted, deleted thread, private or moved-to-private
/// category); private messages, when they own files, add a case here (participants only), so
/// the download route never grows a rule of its own.
public enum AttachmentOwner: Sendable {
    case post(id: Int, facts: Policy.PostFacts)
}

public enum AttachmentVisibility {
    public static func canRead(_ member: Member, _ owner: AttachmentOwner) -> Bool {
        switch owner {
        case .post(_, let facts): PostVisibility.canRead(member, facts)
        }
    }
}
