/// Who is looking at the page: what the layout shows on every page and the token every form
/// echoes back. Nothing secret beyond the viewer's own CSRF token.
public struct Viewer: Sendable {
    public var username: String?
    public var csrf: String
    public var isModerator: Bool
    public var isAdmin: Bool
    /// Moderators only: open flags waiting in `/mod/flags`.
    public var openFlags: Int
    public var unreadNotifications: Int
    /// Conversations with messages the viewer has not read.
    public var unreadMessages: Int = 0

    public init(username: String? = nil, csrf: String, isModerator: Bool = false,
                isAdmin: Bool = false, openFlags: Int = 0, unreadNotifications: Int = 0, unreadMessages: Int = 0) {
        self.username = username
        self.csrf = csrf
        self.isModerator = isModerator
        self.isAdmin = isAdmin
        self.openFlags = openFlags
        self.unreadNotifications = unreadNotifications
        self.unreadMessages = unreadMessages
    }

    /// The hidden `_csrf` field every POST form carries.
    public var csrfField: HTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">" }
}
