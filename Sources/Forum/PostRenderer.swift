/// Turns a post's source into the HTML stored beside it. Rendering happens once, when a post
/// is written or edited, never when it is read. Async so that implementations can keep slow
/// work off the threads that serve requests.
public protocol PostRenderer: Sendable {
    func render(_ source: String) async -> String
    /// Renders with `@name` linked for the given (existing) usernames.
    func render(_ source: String, linkingMentions: Set<String>) async -> String
    /// The `@name`s written in `source`, lowercased, without duplicates, in order.
    func mentionedUsernames(in source: String) async -> [String]
}

extension PostRenderer {
    public func render(_ source: String, linkingMentions: Set<String>) async -> String { await render(source) }
}

public enum HTML {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
