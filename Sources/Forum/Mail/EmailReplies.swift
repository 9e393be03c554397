import Foundation
import Mail
import Postgres
import Views

/// Replies by mail (`roundtable mail receive`): a message to `reply+{token}@MAIL_REPLY_DOMAIN`
/// becomes a reply in the token's thread by the token's member, under every rule of the web
/// reply form (standing, locked, closed, deleted, rate limit, length). Refused messages get
/// a one-line reason; the member also gets a short mail for their own mistakes (a locked
/// thread, an empty reply), never when the token or the sender is wrong (that may be a
/// forgery, and a bounce would only spread it).
public struct EmailReplies: Sendable {
    let services: ForumServices
    let configuration: MemberMailConfiguration
    /// New threads and replies per member per minute (`RATE_LIMIT_POSTS`), as on the web.
    let postLimit: Int

    public init(services: ForumServices, configuration: MemberMailConfiguration, postLimit: Int) {
        self.services = services
        self.configuration = configuration
        self.postLimit = postLimit
    }

    /// The most `mail receive` reads from standard input.
    public static let maximumInput = IncomingMessage.maximumSize

    public struct Posted: Sendable, Equatable {
        public var threadID: Int
        public var postID: Int
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var reason: String
        /// Whether the member was mailed about it.
        public var bounced: Bool
        public var description: String { reason }
    }

    /// Posts the message's new text; throws `Refusal` otherwise. `recipient` is the envelope
    /// recipient when the MTA passes it; otherwise the message's own recipient fields are read.
    public func receive(_ raw: [UInt8], recipient: String? = nil) async throws -> Posted {
        guard raw.count <= IncomingMessage.maximumSize else { throw Refusal(reason: "message too large", bounced: false) }
        let message = IncomingMessage(raw)
        if message.isAutomatic { throw Refusal(reason: "automatic message (auto-reply, bounce or list) ignored", bounced: false) }
        let candidates = (recipient.map { IncomingMessage.addresses(in: $0) } ?? [])
            + message.addresses(in: ["Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"])
        guard let token = candidates.lazy.compactMap({ self.token(in: $0) }).first else {
            throw Refusal(reason: "no reply+{token} address among the recipients", bounced: false)
        }
        let sender = message.header("From").flatMap { IncomingMessage.addresses(in: $0).first }
        guard let found = try await services.db.withConnection({ connection -> (Member, Int)? in
            guard let holder = try MailTokens.find(token, purpose: .reply, on: connection), let threadID = holder.threadID,
                  let member = try Self.member(id: holder.userID, on: connection)
            else { return nil }
            return (member, threadID)
        }) else {
            throw Refusal(reason: "unknown or expired reply address", bounced: false)
        }
        let (member, threadID) = found
        guard let sender, sender == member.email.lowercased() else {
            throw Refusal(reason: "the sender is not the member this reply address belongs to", bounced: false)
        }
        if member.standing == .deactivated { throw Refusal(reason: "the account is deactivated", bounced: false) }

        let body = ReplyText.extract(message.text)
        if let problem = Discussions.validate(body: body) {
            throw try await bounce(member, threadID: threadID, reason: problem == "Write something first."
                ? "No new text was found above the quoted mail." : problem, text: body)
        }
        if case .limited(let retryAfter) = try await services.rateLimiter.hit("post:\(member.id)", limit: postLimit) {
            throw try await bounce(member, threadID: threadID,
                                   reason: "You have posted a lot in the last minute. Send it again in \(retryAfter) seconds.", text: body)
        }
        do {
            let created = try await services.discussions.reply(by: member, toThread: threadID, body: body)
            return Posted(threadID: created.threadID, postID: created.postID)
        } catch let forbidden as Forbidden {
            throw try await bounce(member, threadID: threadID, reason: forbidden.reason, text: body)
        } catch is NotFound {
            throw try await bounce(member, threadID: threadID, reason: "The thread is no longer there.", text: body)
        } catch let invalid as ValidationError {
            throw try await bounce(member, threadID: threadID, reason: invalid.messages.values.sorted().first ?? "The reply was not valid.",
                                   text: body)
        }
    }

    /// The token of a `reply+{token}@{domain}` address (the domain must be ours when one is set).
    func token(in address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at], domain = address[address.index(after: at)...]
        if let ours = configuration.replyDomain, domain.lowercased() != ours { return nil }
        guard local.lowercased().hasPrefix("reply+") else { return nil }
        let token = String(local.dropFirst("reply+".count)).lowercased()
        return MailTokens.isWellFormed(token) ? token : nil
    }

    static func member(id: Int, on connection: PostgresConnection) throws -> Member? {
        guard let row = try connection.query("""
            SELECT \(Accounts.memberColumns), u.deactivated_at IS NOT NULL AS deactivated,
                   (u.suspended_at IS NOT NULL AND (u.suspended_until IS NULL OR u.suspended_until > now())) AS suspended
            FROM users u LEFT JOIN schools s ON s.id = u.school_id
            WHERE u.id = $1
            """, [id]).first
        else { return nil }
        var member = try row.member()
        if try row.decode("deactivated", as: Bool.self) {
            member.standing = .deactivated
        } else if try row.decode("suspended", as: Bool.self) {
            member.standing = .suspended
        }
        return member
    }

    /// Mails the member why their reply wasn't posted (with their text, so nothing is lost)
    /// and returns the refusal to throw.
    private func bounce(_ member: Member, threadID: Int, reason: String, text: String) async throws -> Refusal {
        let title = try await services.db.query("SELECT title FROM threads WHERE id = $1", [threadID]).first?
            .decode("title", as: String.self) ?? "a thread"
        let link = configuration.absolute(.thread(.value(threadID)))
        var body = "Hello \(member.name),\n\nYour reply by mail to “\(title)” was not posted:\n\n  \(reason)\n\n\(link)\n"
        if !text.isEmpty {
            body += "\nYour text:\n\n" + String(text.prefix(5000)) + "\n"
        }
        body += "\n-- \nRoundtable\n"
        let message = body
        try await services.db.withTransaction { connection in
            try Outbox.enqueue(on: connection, to: member.email, subject: "Your reply to “\(title)” was not posted", body: message,
                               headers: [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
        }
        return Refusal(reason: reason, bounced: true)
    }
}
