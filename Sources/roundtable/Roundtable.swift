import ArgumentParser

@main
struct Roundtable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roundtable",
        abstract: "A members-only forum for a network of schools.",
        subcommands: [Serve.self, Migrate.self, User.self, Invite.self, Seed.self, MailCommand.self])
}
