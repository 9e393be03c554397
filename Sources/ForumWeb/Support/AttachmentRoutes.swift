import Forum
import Views

/// The routes that take attachments, and so bodies up to 55 MiB (five files of 10 MiB and
/// the text); every other route keeps the 2 MiB limit.
enum AttachmentRoutes {
    static let maxBodySize = 55 * 1024 * 1024
    static let patterns: [[Substring]] = [
        SiteURL.newThread(category: .key), SiteURL.threadAction(.key, .reply), SiteURL.post(.key, .edit),
        SiteURL.newMessage, SiteURL.messageAction(.key, .reply),
    ].map { $0.pattern.split(separator: "/") }

    /// Whether the path has the shape of one of those routes (`:name` matches any segment).
    static func matches(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return patterns.contains { pattern in
            pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }
    }
}
