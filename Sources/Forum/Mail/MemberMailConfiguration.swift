import Views

/// What mail to members needs to know about the deployment.
public struct MemberMailConfiguration: Sendable {
    /// Absolute links start with this (`BASE_URL`).
    public var baseURL: String
    /// `MAIL_REPLY_DOMAIN`: with it, mails about a thread can be answered by mail.
    public var replyDomain: String?
    /// Notifications wait this long before they are mailed, so that a burst (ten replies in
    /// a minute) makes one mail, and what the member reads meanwhile on the site makes none.
    public var batchSeconds: Int

    public init(baseURL: String, replyDomain: String? = nil, batchSeconds: Int = 60) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.replyDomain = replyDomain.flatMap { Self.isDomain($0) ? $0.lowercased() : nil }
        self.batchSeconds = max(0, batchSeconds)
    }

    /// A plain host name: anything else would let the setting inject into a header.
    static func isDomain(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 253
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
    }

    func absolute(_ url: SiteURL) -> String { baseURL + url.path }
    func absolute(path: String) -> String { baseURL + path }

    func replyAddress(token: String) -> String? {
        replyDomain.map { "reply+\(token)@\($0)" }
    }
}
