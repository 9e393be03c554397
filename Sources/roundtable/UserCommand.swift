import ArgumentParser
import Forum
import Foundation

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")

        @OptionGroup var common: CommonOptions
        @Option var email: String
        @Option var username: String
        @Option var name: String
        @Option var role: String = "member"
        @Option(help: "The member school's slug.") var school: String?
        @Flag(help: "Read the password from standard input (required).") var passwordStdin = false

        func run() async throws {
            guard passwordStdin else { throw Failure("pass --password-stdin and the password on standard input") }
            guard let role = Role(rawValue: role) else { throw Failure("role must be member, moderator or admin") }
            let password = (readLine(strippingNewline: true) ?? "")
            let account = Accounts.NewAccount(email: email, username: username, name: name, role: role,
                                              schoolSlug: school, password: password)
            let problems = Accounts.validate(account)
            if let first = problems.sorted(by: { $0.key < $1.key }).first {
                throw Failure("\(first.key): \(first.value)")
            }
            try await withDatabase(common) { database, _ in
                do {
                    let member = try await Accounts(db: database.client, hasher: PasswordHasher()).create(account)
                    print("Created \(member.role.rawValue) \(member.username) (id \(member.id)).")
                } catch let error as Forum.ValidationError {
                    let first = error.messages.sorted(by: { $0.key < $1.key }).first!
                    throw Failure("\(first.key): \(first.value)")
                }
            }
        }
    }
}
