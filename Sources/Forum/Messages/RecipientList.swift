/// The `to` field of a new message: usernames separated by commas or spaces (a leading `@`
/// allowed), read with bounds before any of it reaches the database.
public struct RecipientList: Sendable, Equatable {
    public static let maxRecipients = 20
    /// Far more than 20 names of at most 30 characters with separators need.
    public static let maxFieldLength = 2_000

    /// Lowercased, without duplicates, in the order written; the sender is not removed here.
    public var names: [String]

    /// Splits the field. Throws a `ValidationError` on `to` when it is empty, too long, or
    /// names more than 20 members.
    public static func parse(_ field: String) throws -> RecipientList {
        guard field.utf8.count <= maxFieldLength else {
            throw ValidationError(field: "to", "Name at most \(maxRecipients) members.")
        }
        var names: [String] = []
        var seen: Set<String> = []
        for piece in field.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) {
            var name = Substring(piece)
            if name.first == "@" { name = name.dropFirst() }
            guard !name.isEmpty else { continue }
            let lowered = name.lowercased()
            if seen.insert(lowered).inserted { names.append(lowered) }
        }
        if names.isEmpty { throw ValidationError(field: "to", "Name at least one member to write to.") }
        if names.count > maxRecipients {
            throw ValidationError(field: "to", "Name at most \(maxRecipients) members (you named \(names.count)).")
        }
        return RecipientList(names: names)
    }

    /// Whether `name` could be a username at all (`^[A-Za-z0-9_]{2,30}$`, as the users table
    /// checks); others are unknown without asking the database.
    static func isPlausible(_ name: String) -> Bool {
        (2...30).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
        }
    }
}
