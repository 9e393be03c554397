import Forum
import Foundation
import Hummingbird
import Mustache

/// A page's view model: flat values the template shows, never rows or domain objects.
protocol PageViewModel: Sendable, Encodable {
    var layout: Layout { get set }
    var title: String { get }
}

/// What the layout shows on every page: who is signed in and the token for its forms.
struct Layout: Sendable, Encodable {
    var signedIn = false
    var username = ""
    var displayName = ""
    var csrf = ""
    var isModerator = false
    var isAdmin = false
    /// Moderators only: open flags waiting in `/mod/flags`.
    var openFlags = 0
    var hasOpenFlags = false
    /// Empty when there is nothing unread, so the template shows no badge.
    var unreadNotifications = ""

    init() {}

    init(context: AppContext) {
        csrf = context.csrfToken
        if let member = context.identity {
            signedIn = true
            username = member.username
            displayName = member.name
            isModerator = member.role.canModerate
            isAdmin = member.role == .admin
            openFlags = context.openFlagCount ?? 0
            hasOpenFlags = openFlags > 0
            if let unread = context.session?.unreadNotifications, unread > 0 { unreadNotifications = String(unread) }
        }
    }
}

struct RenderingError: Error, CustomStringConvertible {
    var template: String
    var description: String { "template \(template) is missing or failed to render" }
}

/// Renders Mustache templates from `templates/` into HTML responses.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    public init(templatesDirectory: URL) async throws {
        library = try await MustacheLibrary(directory: templatesDirectory.path)
        // An absent folder gives an empty library silently; fail at start-up instead.
        guard library.getTemplate(named: "layout") != nil else {
            throw RenderingError(template: "\(templatesDirectory.path)/layout.mustache")
        }
    }

    func page<ViewModel: PageViewModel>(
        _ template: String, _ viewModel: ViewModel, context: AppContext, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        var viewModel = viewModel
        viewModel.layout = Layout(context: context)
        guard let html = library.render(try TemplateEncoder.encode(viewModel), withTemplate: template) else {
            throw RenderingError(template: template)
        }
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache"],
            body: .init(byteBuffer: .init(string: html)))
    }
}

/// A missing value: renders as nothing and is falsy, and unlike an absent key it stops the
/// lookup from climbing to an outer object that happens to have a field of the same name.
struct MustacheNull: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// Empty strings are falsy in sections, as in most Mustache implementations: a view model can
/// say `error = ""` and `{{#error}}<p role="alert">{{error}}</p>{{/error}}` renders nothing.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}
