import Forum
import Testing

/// Every action against every role and state, with the expected answer written out.
/// "ok" = allowed, "404" = the member may not know it exists, "403" = seen but refused.
@Suite struct PolicyTests {
    enum Action: String, CaseIterable {
        case view, reply, startThread, lock, unlock, pin, unpin, delete, restore, move
        case hidePost, unhidePost, flagPost, modPages, suspendMember
    }

    enum State: String, CaseIterable {
        case normal, locked, deleted, closedFeedback, privateCategory, suspendedMember
    }

    struct Row {
        var action: Action
        var state: State
        var member: String
        var moderator: String
        var admin: String
        init(_ action: Action, _ state: State, _ member: String, _ moderator: String, _ admin: String) {
            self.action = action
            self.state = state
            self.member = member
            self.moderator = moderator
            self.admin = admin
        }
    }

    static let table: [Row] = [
        //   action          state              member  moderator admin
        Row(.view,          .normal,            "ok",   "ok",   "ok"),
        Row(.view,          .locked,            "ok",   "ok",   "ok"),
        Row(.view,          .deleted,           "404",  "ok",   "ok"),
        Row(.view,          .closedFeedback,    "ok",   "ok",   "ok"),
        Row(.view,          .privateCategory,   "404",  "ok",   "ok"),
        Row(.view,          .suspendedMember,   "404",  "404",  "404"),

        Row(.reply,         .normal,            "ok",   "ok",   "ok"),
        Row(.reply,         .locked,            "403",  "ok",   "ok"),
        Row(.reply,         .deleted,           "404",  "403",  "403"),
        Row(.reply,         .closedFeedback,    "403",  "ok",   "ok"),
        Row(.reply,         .privateCategory,   "404",  "ok",   "ok"),
        Row(.reply,         .suspendedMember,   "404",  "404",  "404"),

        Row(.startThread,   .normal,            "ok",   "ok",   "ok"),
        Row(.startThread,   .locked,            "ok",   "ok",   "ok"),
        Row(.startThread,   .deleted,           "ok",   "ok",   "ok"),
        Row(.startThread,   .closedFeedback,    "ok",   "ok",   "ok"),
        Row(.startThread,   .privateCategory,   "404",  "ok",   "ok"),
        Row(.startThread,   .suspendedMember,   "404",  "404",  "404"),

        Row(.lock,          .normal,            "403",  "ok",   "ok"),
        Row(.lock,          .locked,            "403",  "ok",   "ok"),
        Row(.lock,          .deleted,           "404",  "ok",   "ok"),
        Row(.lock,          .closedFeedback,    "403",  "ok",   "ok"),
        Row(.lock,          .privateCategory,   "404",  "ok",   "ok"),
        Row(.lock,          .suspendedMember,   "404",  "404",  "404"),

        Row(.unlock,        .normal,            "403",  "ok",   "ok"),
        Row(.unlock,        .locked,            "403",  "ok",   "ok"),
        Row(.unlock,        .deleted,           "404",  "ok",   "ok"),
        Row(.unlock,        .closedFeedback,    "403",  "ok",   "ok"),
        Row(.unlock,        .privateCategory,   "404",  "ok",   "ok"),
        Row(.unlock,        .suspendedMember,   "404",  "404",  "404"),

        Row(.pin,           .normal,            "403",  "ok",   "ok"),
        Row(.pin,           .locked,            "403",  "ok",   "ok"),
        Row(.pin,           .deleted,           "404",  "ok",   "ok"),
        Row(.pin,           .closedFeedback,    "403",  "ok",   "ok"),
        Row(.pin,           .privateCategory,   "404",  "ok",   "ok"),
        Row(.pin,           .suspendedMember,   "404",  "404",  "404"),

        Row(.unpin,         .normal,            "403",  "ok",   "ok"),
        Row(.unpin,         .locked,            "403",  "ok",   "ok"),
        Row(.unpin,         .deleted,           "404",  "ok",   "ok"),
        Row(.unpin,         .closedFeedback,    "403",  "ok",   "ok"),
        Row(.unpin,         .privateCategory,   "404",  "ok",   "ok"),
        Row(.unpin,         .suspendedMember,   "404",  "404",  "404"),

        Row(.delete,        .normal,            "403",  "ok",   "ok"),
        Row(.delete,        .locked,            "403",  "ok",   "ok"),
        Row(.delete,        .deleted,           "404",  "ok",   "ok"),
        Row(.delete,        .closedFeedback,    "403",  "ok",   "ok"),
        Row(.delete,        .privateCategory,   "404",  "ok",   "ok"),
        Row(.delete,        .suspendedMember,   "404",  "404",  "404"),

        Row(.restore,       .normal,            "403",  "ok",   "ok"),
        Row(.restore,       .locked,            "403",  "ok",   "ok"),
        Row(.restore,       .deleted,           "404",  "ok",   "ok"),
        Row(.restore,       .closedFeedback,    "403",  "ok",   "ok"),
        Row(.restore,       .privateCategory,   "404",  "ok",   "ok"),
        Row(.restore,       .suspendedMember,   "404",  "404",  "404"),

        Row(.move,          .normal,            "403",  "ok",   "ok"),
        Row(.move,          .locked,            "403",  "ok",   "ok"),
        Row(.move,          .deleted,           "404",  "ok",   "ok"),
        Row(.move,          .closedFeedback,    "403",  "ok",   "ok"),
        Row(.move,          .privateCategory,   "404",  "ok",   "ok"),
        Row(.move,          .suspendedMember,   "404",  "404",  "404"),

        Row(.hidePost,      .normal,            "403",  "ok",   "ok"),
        Row(.hidePost,      .locked,            "403",  "ok",   "ok"),
        Row(.hidePost,      .deleted,           "404",  "ok",   "ok"),
        Row(.hidePost,      .closedFeedback,    "403",  "ok",   "ok"),
        Row(.hidePost,      .privateCategory,   "404",  "ok",   "ok"),
        Row(.hidePost,      .suspendedMember,   "404",  "404",  "404"),

        Row(.unhidePost,    .normal,            "403",  "ok",   "ok"),
        Row(.unhidePost,    .locked,            "403",  "ok",   "ok"),
        Row(.unhidePost,    .deleted,           "404",  "ok",   "ok"),
        Row(.unhidePost,    .closedFeedback,    "403",  "ok",   "ok"),
        Row(.unhidePost,    .privateCategory,   "404",  "ok",   "ok"),
        Row(.unhidePost,    .suspendedMember,   "404",  "404",  "404"),

        Row(.flagPost,      .normal,            "ok",   "ok",   "ok"),
        Row(.flagPost,      .locked,            "ok",   "ok",   "ok"),
        Row(.flagPost,      .deleted,           "404",  "ok",   "ok"),
        Row(.flagPost,      .closedFeedback,    "ok",   "ok",   "ok"),
        Row(.flagPost,      .privateCategory,   "404",  "ok",   "ok"),
        Row(.flagPost,      .suspendedMember,   "404",  "404",  "404"),

        Row(.modPages,      .normal,            "404",  "ok",   "ok"),
        Row(.modPages,      .locked,            "404",  "ok",   "ok"),
        Row(.modPages,      .deleted,           "404",  "ok",   "ok"),
        Row(.modPages,      .closedFeedback,    "404",  "ok",   "ok"),
        Row(.modPages,      .privateCategory,   "404",  "ok",   "ok"),
        Row(.modPages,      .suspendedMember,   "404",  "404",  "404"),

        Row(.suspendMember, .normal,            "403",  "ok",   "ok"),
        Row(.suspendMember, .locked,            "403",  "ok",   "ok"),
        Row(.suspendMember, .deleted,           "403",  "ok",   "ok"),
        Row(.suspendMember, .closedFeedback,    "403",  "ok",   "ok"),
        Row(.suspendMember, .privateCategory,   "403",  "ok",   "ok"),
        Row(.suspendMember, .suspendedMember,   "404",  "404",  "404"),
    ]

    static let targetMemberID = 99

    static func actor(_ role: Role, _ state: State) -> Member {
        var member = Member(id: 1, username: "actor", name: "Actor", email: "actor@example.org", role: role)
        if state == .suspendedMember { member.standing = .suspended }
        return member
    }

    static func category(_ state: State) -> Policy.CategoryFacts {
        .init(visibility: state == .privateCategory ? .moderators : .members)
    }

    static func thread(_ state: State) -> Policy.ThreadFacts {
        .init(category: category(state), authorID: targetMemberID, isLocked: state == .locked,
              isDeleted: state == .deleted, kind: state == .closedFeedback ? .feedback : .discussion,
              feedbackClosed: state == .closedFeedback)
    }

    static func decide(_ action: Action, _ member: Member, _ state: State) -> Decision {
        let thread = thread(state)
        let post = Policy.PostFacts(thread: thread, authorID: targetMemberID, isHidden: false, isDeleted: false)
        switch action {
        case .view: return Policy.decide(.view, by: member, on: thread)
        case .reply: return Policy.decide(.reply, by: member, on: thread)
        case .startThread: return Policy.decideStartThread(by: member, in: category(state))
        case .lock: return Policy.decide(.lock, by: member, on: thread)
        case .unlock: return Policy.decide(.unlock, by: member, on: thread)
        case .pin: return Policy.decide(.pin, by: member, on: thread)
        case .unpin: return Policy.decide(.unpin, by: member, on: thread)
        case .delete: return Policy.decide(.delete, by: member, on: thread)
        case .restore: return Policy.decide(.restore, by: member, on: thread)
        case .move: return Policy.decide(.move, by: member, on: thread)
        case .hidePost: return Policy.decide(.hide, by: member, on: post)
        case .unhidePost: return Policy.decide(.unhide, by: member, on: post)
        case .flagPost: return Policy.decide(.flag, by: member, on: post)
        case .modPages: return Policy.canSeeModeratorPages(member) ? .allowed : .notFound
        case .suspendMember: return Policy.decideSuspension(by: member, of: .init(id: targetMemberID, role: .member))
        }
    }

    static func code(_ decision: Decision) -> String {
        switch decision {
        case .allowed: "ok"
        case .notFound: "404"
        case .forbidden: "403"
        }
    }

    @Test func theTableCoversEveryActionInEveryState() {
        for action in Action.allCases {
            for state in State.allCases {
                #expect(Self.table.filter { $0.action == action && $0.state == state }.count == 1, "\(action) \(state)")
            }
        }
    }

    @Test(arguments: PolicyTests.table.indices)
    func everyRoleGetsTheAnswerInTheTable(_ index: Int) {
        let row = Self.table[index]
        for (role, expected) in [(Role.member, row.member), (.moderator, row.moderator), (.admin, row.admin)] {
            let answer = Self.code(Self.decide(row.action, Self.actor(role, row.state), row.state))
            #expect(answer == expected, "\(row.action) by \(role) on \(row.state) thread")
        }
    }

    @Test func suspensionsSpareAdminsAndOneself() {
        let moderator = Member(id: 1, username: "maya", name: "Maya", email: "m@example.org", role: .moderator)
        let admin = Member(id: 2, username: "ada", name: "Ada", email: "a@example.org", role: .admin)
        let cases: [(Member, Policy.MemberFacts, String)] = [
            (moderator, .init(id: 2, role: .admin), "403"),
            (moderator, .init(id: 1, role: .moderator), "403"),
            (moderator, .init(id: 3, role: .moderator), "ok"),
            (moderator, .init(id: 4, role: .member), "ok"),
            (admin, .init(id: 1, role: .moderator), "ok"),
            (admin, .init(id: 2, role: .admin), "403"),
            (admin, .init(id: 5, role: .admin), "403"),
        ]
        for (actor, target, expected) in cases {
            #expect(Self.code(Policy.decideSuspension(by: actor, of: target)) == expected, "\(actor.role) suspends \(target)")
        }
    }

    @Test func flagsAreForOthersPostsStillShown() {
        let member = Self.actor(.member, .normal)
        let thread = Self.thread(.normal)
        let own = Policy.PostFacts(thread: thread, authorID: member.id, isHidden: false, isDeleted: false)
        let hidden = Policy.PostFacts(thread: thread, authorID: 99, isHidden: true, isDeleted: false)
        let deleted = Policy.PostFacts(thread: thread, authorID: 99, isHidden: false, isDeleted: true)
        #expect(Self.code(Policy.decide(.flag, by: member, on: own)) == "403")
        #expect(Self.code(Policy.decide(.flag, by: member, on: hidden)) == "403")
        #expect(Self.code(Policy.decide(.flag, by: member, on: deleted)) == "403")
    }
}
