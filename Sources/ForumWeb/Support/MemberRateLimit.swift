import Forum
import Hummingbird
import Views

/// Per-member limits on actions other than posting (which `RATE_LIMIT_POSTS` covers): a
/// check of the current password is a guess at it (and costs an argon2 verification);
/// previews and edits render Markdown on every request.
enum MemberRateLimit {
    case passwordCheck, preview, edit

    var key: String {
        switch self {
        case .passwordCheck: "password-check"
        case .preview: "preview"
        case .edit: "edit"
        }
    }

    /// Attempts allowed per window: enough for someone who mistypes, far too few to guess.
    var limit: Int {
        switch self {
        case .passwordCheck: 10
        case .preview, .edit: 30
        }
    }

    var windowSeconds: Int {
        switch self {
        case .passwordCheck: 15 * 60
        case .preview, .edit: 60
        }
    }

    /// Counts one attempt by `member`; the seconds to wait when it is over the limit, else nil.
    func retryAfter(for member: Member, services: ForumServices) async throws -> Int? {
        let decision = try await services.rateLimiter.hit("\(key):\(member.id)", limit: limit, windowSeconds: windowSeconds)
        guard case .limited(let retryAfter) = decision else { return nil }
        return retryAfter
    }

    func message(retryAfter: Int) -> String {
        let wait = "Try again in \(Format.count(retryAfter, "second"))."
        switch self {
        case .passwordCheck: return "Too many password checks. " + wait
        case .preview: return "Too many previews. " + wait
        case .edit: return "Too many edits. " + wait
        }
    }
}
