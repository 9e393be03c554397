import Forum
import Testing

@Suite struct PostPolicyTests {
    let author = Member(id: 1, username: "sam", name: "Sam", email: "sam@example.org", role: .member)
    let other = Member(id: 2, username: "lee", name: "Lee", email: "lee@example.org", role: .member)
    let moderator = Member(id: 3, username: "maya", name: "Maya", email: "maya@example.org", role: .moderator)

    func post(by authorID: Int = 1, position: Int = 2, deleted: Bool = false, locked: Bool = false,
              kind: ThreadKind = .discussion, requester: Int = 1) -> Policy.PostFacts {
        Policy.PostFacts(
            thread: .init(category: .init(visibility: .members), authorID: requester, isLocked: locked, isDeleted: false,
                          kind: kind, feedbackClosed: false),
            authorID: authorID, position: position, isDeleted: deleted)
    }

    @Test func authorsAndModeratorsEditAndDelete() {
        #expect(Policy.canEdit(author, post()))
        #expect(!Policy.canEdit(other, post()))
        #expect(Policy.canEdit(moderator, post()))
        #expect(!Policy.canEdit(author, post(locked: true)))
        #expect(Policy.canEdit(moderator, post(locked: true)))
        #expect(Policy.canDelete(author, post()) && !Policy.canDelete(other, post()))
        #expect(!Policy.canDelete(author, post(deleted: true)))
        #expect(Policy.canRestore(moderator, post(deleted: true)) && !Policy.canRestore(author, post(deleted: true)))
    }

    @Test func nobodyReactsToTheirOwnPost() {
        #expect(!Policy.canReact(author, post()))
        #expect(Policy.canReact(other, post()))
        #expect(!Policy.canReact(other, post(deleted: true)))
    }

    @Test func onlyTheRequesterOrAModeratorAcceptsReplies() {
        let reply = post(by: 2, kind: .feedback, requester: 1)
        #expect(Policy.canAccept(author, reply))
        #expect(Policy.canAccept(moderator, reply))
        #expect(!Policy.canAccept(other, reply))
        #expect(!Policy.canAccept(author, post(by: 1, position: 1, kind: .feedback)))
        #expect(!Policy.canAccept(author, post(by: 2, kind: .discussion)))
        #expect(Policy.canSetFeedbackStatus(author, reply.thread) && !Policy.canSetFeedbackStatus(other, reply.thread))
    }
}
