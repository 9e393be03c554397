import Forum
import Hummingbird
import Markdown
import Views

/// The Preview button of every post form (new thread, reply, edit): counted against the
/// member's preview limit, checked as a post would be, rendered as it would be stored, and
/// shown on the form it came from with the text kept.
enum PostPreview {
    enum Outcome {
        case limited(retryAfter: Int, message: String)
        case refused(String)
        case rendered(SanitizedHTML)

        var message: String? {
            switch self {
            case .limited(_, let message), .refused(let message): message
            case .rendered: nil
            }
        }

        var rendered: SanitizedHTML? {
            if case .rendered(let html) = self { html } else { nil }
        }
    }

    static func run(_ body: String, by member: Member, services: ForumServices) async throws -> Outcome {
        if let retryAfter = try await MemberRateLimit.preview.retryAfter(for: member, services: services) {
            return .limited(retryAfter: retryAfter, message: MemberRateLimit.preview.message(retryAfter: retryAfter))
        }
        if let problem = Discussions.validate(body: body) { return .refused(problem) }
        return .rendered(try await services.discussions.preview(body))
    }
}

extension Renderer {
    /// The form's page with the preview (or why there is none) put in by `show`; 429 with
    /// `Retry-After` past the limit.
    func preview<Page: PageView>(_ page: Page, body: String, by member: Member, services: ForumServices, context: AppContext,
                                 show: (inout Page, PostPreview.Outcome) -> Void) async throws -> Response {
        var page = page
        let outcome = try await PostPreview.run(body, by: member, services: services)
        show(&page, outcome)
        if case .limited(let retryAfter, _) = outcome { return tooManyRequests(page, retryAfter: retryAfter, context: context) }
        return self.page(page, context: context)
    }
}
