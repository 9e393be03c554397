import Foundation
import Views

/// Where a visitor is sent to sign in, and where they may be sent back afterwards.
enum Paths {
    /// A `next` value that stays inside the forum: a root-relative path, never `//host`,
    /// `/\host` or a scheme, which browsers would treat as another site.
    static func safeNext(_ candidate: String) -> String {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              !candidate.contains(where: { $0.isNewline || $0 == "\\" || ($0.asciiValue.map { $0 < 32 || $0 == 127 } ?? false) }),
              candidate.utf8.count <= 2000
        else { return "/" }
        return candidate
    }

    static func loginRedirect(for path: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return SiteURL.login.path + "?next=" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/")
    }
}
