import Foundation

/// A member as the moderators' pages list them: role and any suspension.
public struct MemberStanding: Sendable {
    public var username: String
    public var name: String
    public var role: String
    public var school: String?
    public var suspended: Bool
    /// nil: until lifted.
    public var suspendedUntil: Date?
    public var reason: String?

    public init(username: String, name: String, role: String, school: String?, suspended: Bool,
                suspendedUntil: Date?, reason: String?) {
        self.username = username
        self.name = name
        self.role = role
        self.school = school
        self.suspended = suspended
        self.suspendedUntil = suspendedUntil
        self.reason = reason
    }

    /// "until 3 Jan 2027, 00:00 UTC" or "until lifted".
    public var until: String {
        suspendedUntil.map { "until \(Format.date($0)) UTC" } ?? "until lifted"
    }
}
