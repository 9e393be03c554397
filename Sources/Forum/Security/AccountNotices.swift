import Postgres

/// Mail telling a member that something about their account's security changed, so a change
/// they did not make does not go unnoticed. Queued in the transaction that made the change.
public enum AccountNotices {
    public enum Kind: Sendable {
        case passwordChanged
        case passwordReset
        case twoFactorOn
        case twoFactorOff
        case twoFactorReset
    }

    static func subject(_ kind: Kind) -> String {
        switch kind {
        case .passwordChanged: return "Your Roundtable password was changed"
        case .passwordReset: return "Your Roundtable password was reset"
        case .twoFactorOn: return "Two-factor sign-in is now on for your Roundtable account"
        case .twoFactorOff: return "Two-factor sign-in was turned off for your Roundtable account"
        case .twoFactorReset: return "An administrator reset two-factor sign-in on your Roundtable account"
        }
    }

    static func sentence(_ kind: Kind) -> String {
        switch kind {
        case .passwordChanged: return "The password of your Roundtable account was just changed in its settings."
        case .passwordReset: return "The password of your Roundtable account was just set through a reset link."
        case .twoFactorOn: return "Two-factor sign-in was just turned on for your Roundtable account."
        case .twoFactorOff: return "Two-factor sign-in was just turned off for your Roundtable account."
        case .twoFactorReset:
            return "An administrator just removed two-factor sign-in from your Roundtable account; you can set it up again in your settings."
        }
    }

    public static func enqueue(_ kind: Kind, to email: String, on connection: PostgresConnection) throws {
        try Outbox.enqueue(on: connection, to: email, subject: subject(kind), body: """
            Hello,

            \(sentence(kind))

            If this was you, there is nothing to do. If it wasn't, reset your password at once and tell an administrator.

            -- 
            Roundtable
            """)
    }
}
