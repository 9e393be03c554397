import ArgumentParser
import Forum
import Foundation

struct Invite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Invite someone: creates an invitation, queues its mail and prints its link.")

    @OptionGroup var common: CommonOptions
    @Option var email: String
    @Option(help: "member, moderator or admin.") var role: String = "member"
    @Option(help: "The member school's slug.") var school: String?

    func run() async throws {
        guard Role(rawValue: role) != nil else { throw Failure("role must be member, moderator or admin") }
        let transport = try common.mailTransport()
        try await withDatabase(common) { database, logger in
            let services = ForumServices(db: database.client)
            do {
                let created = try await services.invitations.create(
                    email: email, role: role, schoolSlug: school, invitedBy: nil, linkBase: common.baseURL)
                print(created.url)
            } catch let error as Forum.ValidationError {
                let first = error.messages.sorted(by: { $0.key < $1.key }).first!
                throw Failure("\(first.key): \(first.value)")
            }
            // Deliver now when possible; whatever fails stays queued for `serve` to retry.
            let sender = MailSender(db: database.client, transport: transport, from: common.mailFrom)
            if let report = try? await sender.sendDueMessages(limit: 20), report.failed > 0 {
                logger.warning("the invitation mail could not be sent yet; serve will retry it")
            }
        }
    }
}
