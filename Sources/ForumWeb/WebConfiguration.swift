import Foundation

/// Settings of the web layer, read from flags and the environment by the CLI.
public struct WebConfiguration: Sendable {
    /// Absolute links (in mail, from `invite`) start with this.
    public var baseURL: String
    /// Folder holding `templates/` and `static/`.
    public var rootDirectory: URL
    /// Sign-in attempts per address per minute (`RATE_LIMIT_SIGNIN`); failed sign-ins to one
    /// account are limited to the same number per minute, whatever the address.
    public var signInLimit: Int
    /// New threads and replies per member per minute (`RATE_LIMIT_POSTS`).
    public var postLimit: Int
    /// Use `X-Forwarded-For` for the client's address (behind a reverse proxy only).
    public var trustProxy: Bool

    public init(baseURL: String, rootDirectory: URL, signInLimit: Int = 10, postLimit: Int = 10, trustProxy: Bool = false) {
        self.baseURL = baseURL
        self.rootDirectory = rootDirectory
        self.signInLimit = signInLimit
        self.postLimit = postLimit
        self.trustProxy = trustProxy
    }

    /// Cookies get `Secure` when the forum is served over TLS.
    public var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }
    public var staticDirectory: URL { rootDirectory.appendingPathComponent("static") }
}
