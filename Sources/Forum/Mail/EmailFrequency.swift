import Postgres

/// How often a member hears by mail of what is addressed to them (`users.email_notifications`).
public enum EmailFrequency: String, Sendable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case immediately, daily, weekly, never

    public static let `default` = EmailFrequency.daily

    public var postgresText: String { rawValue }
    public static func decode(postgresText: String?) throws -> EmailFrequency {
        let text = try String.decode(postgresText: postgresText)
        guard let frequency = EmailFrequency(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "unknown email frequency \(text)")
        }
        return frequency
    }

    /// The digest's period in days, for the settings that get one.
    var digestDays: Int? {
        switch self {
        case .daily: 1
        case .weekly: 7
        case .immediately, .never: nil
        }
    }

    public var label: String {
        switch self {
        case .immediately: "Immediately"
        case .daily: "Daily digest"
        case .weekly: "Weekly digest"
        case .never: "Never"
        }
    }

    public var explanation: String {
        switch self {
        case .immediately: "A mail soon after a reply, mention, message or answer to your flag (several at once come as one mail), and no digest."
        case .daily: "One mail a day with what is addressed to you and what happened in the threads you watch."
        case .weekly: "The same, once a week."
        case .never: "No mail, except invitations and password resets you ask for."
        }
    }
}
