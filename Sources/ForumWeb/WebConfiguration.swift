import Forum
import Foundation

/// Settings of the web layer, read from flags and the environment by the CLI.
public struct WebConfiguration: Sendable {
    /// Absolute links (in mail, from `invite`) start with this.
    public var baseURL: String
    /// Folder holding `templates/` and `static/`.
    public var rootDirectory: URL
    /// Sign-in attempts per address per minute (`RATE_LIMIT_SIGNIN`); failed sign-ins are
    /// limited per account and address, and per account (see `SignInThrottle`).
    public var signInLimit: Int
    /// New threads and replies per member per minute (`RATE_LIMIT_POSTS`).
    public var postLimit: Int
    /// Use `X-Forwarded-For` for the client's address (behind a reverse proxy only).
    public var trustProxy: Bool
    /// Seconds a connection may stay open without a complete request (headers dribbled in
    /// slowly count as none) or idle between requests; without it, slow or silent clients
    /// held connections forever.
    public var idleTimeoutSeconds: Int
    /// `MAIL_REPLY_DOMAIN`: notification mails about a thread can be answered by mail.
    public var mailReplyDomain: String?
    /// `MAIL_BATCH_SECONDS`: how long notifications wait to be mailed together (default 60).
    public var mailBatchSeconds = 60

    public init(baseURL: String, rootDirectory: URL, signInLimit: Int = 10, postLimit: Int = 10, trustProxy: Bool = false,
                idleTimeoutSeconds: Int = 30) {
        self.baseURL = baseURL
        self.rootDirectory = rootDirectory
        self.signInLimit = signInLimit
        self.postLimit = postLimit
        self.trustProxy = trustProxy
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// Cookies get `Secure` when the forum is served over TLS.
    public var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }
    public var staticDirectory: URL { rootDirectory.appendingPathComponent("static") }
    public var memberMail: MemberMailConfiguration { MemberMailConfiguration(baseURL: baseURL, replyDomain: mailReplyDomain, batchSeconds: mailBatchSeconds) }
}
