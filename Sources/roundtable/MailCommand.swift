import ArgumentParser
import Forum
import Foundation

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Mail to and from members.", subcommands: [Receive.self, Digest.self])

    /// `roundtable mail receive`: one message on standard input, as an MTA pipe delivers it.
    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a reply by mail: reads one RFC 5322 message on standard input.")

        @OptionGroup var common: CommonOptions
        @Option(help: "The envelope recipient, when the MTA passes it (Postfix: ${recipient}).") var recipient: String?

        /// EX_TEMPFAIL: the MTA keeps the message and tries again later (a database outage
        /// must not bounce a member's reply).
        static let temporaryFailure: Int32 = 75

        func run() async throws {
            let raw = FileHandle.standardInput.readData(ofLength: Forum.EmailReplies.maximumInput + 1)
            guard raw.count <= Forum.EmailReplies.maximumInput else { throw NotPosted(reason: "message too large") }
            do {
                try await receive(raw)
            } catch let refused as NotPosted {
                throw refused
            } catch {
                FileHandle.standardError.write(Data("temporary failure, try again later: \(error)\n".utf8))
                throw ExitCode(Self.temporaryFailure)
            }
        }

        private func receive(_ raw: Data) async throws {
            let transport = try common.mailTransport()
            try await withDatabase(common) { database, logger in
                let services = ForumServices(db: database.client)
                let replies = EmailReplies(
                    services: services,
                    configuration: MemberMailConfiguration(baseURL: common.baseURL, replyDomain: common.mailReplyDomain),
                    postLimit: ProcessInfo.processInfo.environment["RATE_LIMIT_POSTS"].flatMap(Int.init) ?? 10)
                let outcome: Result<EmailReplies.Posted, EmailReplies.Refusal>
                do {
                    outcome = .success(try await replies.receive(Array(raw), recipient: recipient))
                } catch let refusal as EmailReplies.Refusal {
                    outcome = .failure(refusal)
                }
                // Deliver the bounce (or nothing) now; what fails stays queued for `serve`.
                let sender = MailSender(db: database.client, transport: transport, from: common.mailFrom)
                if let report = try? await sender.sendDueMessages(limit: 20), report.failed > 0 {
                    logger.warning("some mail could not be sent yet; serve will retry it")
                }
                switch outcome {
                case .success(let posted): print("posted reply \(posted.postID) in thread \(posted.threadID)")
                case .failure(let refusal): throw NotPosted(reason: refusal.reason)
                }
            }
        }
    }

    /// A message that will never be posted as it is: exit 1 with the reason.
    struct NotPosted: Error, CustomStringConvertible {
        var reason: String
        var description: String { "not posted: \(reason)" }
    }

    /// `roundtable mail digest`: what is due now (`serve` does the same by itself).
    struct Digest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the digests that are due now.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let transport = try common.mailTransport()
            try await withDatabase(common) { database, logger in
                let digests = DigestMailer(
                    db: database.client,
                    configuration: MemberMailConfiguration(baseURL: common.baseURL, replyDomain: common.mailReplyDomain))
                var total = DigestMailer.Report()
                while true {
                    let report = try await digests.sendDue(limit: 50)
                    total.sent += report.sent
                    total.empty += report.empty
                    if report.sent + report.empty < 50 { break }
                }
                let sender = MailSender(db: database.client, transport: transport, from: common.mailFrom)
                var failed = 0
                while true {
                    let report = try await sender.sendDueMessages(limit: 50)
                    failed += report.failed
                    if report.sent + report.failed < 50 { break }
                }
                if failed > 0 { logger.warning("\(failed) message(s) could not be sent yet; serve will retry them") }
                print("\(total.sent) digest(s) sent, \(total.empty) with nothing new skipped")
            }
        }
    }
}
