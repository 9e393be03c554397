import Foundation

/// The new text of a reply by mail: what the member wrote above the quoted mail, without
/// their signature. Mail clients mark the quoted part in several ways; each is cut here.
public enum ReplyText {
    public static func extract(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
            if isCut(trimmed, next: next) { break }
            if !trimmed.hasPrefix(">") { kept.append(line) }
            index += 1
        }
        while let last = kept.last, last.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeLast() }
        while let first = kept.first, first.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeFirst() }
        return kept.joined(separator: "\n")
    }

    /// Where the member's own text ends: a signature, a client's quote header, a forwarded
    /// or original-message block, or a phone's "Sent from" line.
    static func isCut(_ line: String, next: String) -> Bool {
        if line == "--" || line == "-- " || line == "—" { return true }
        let lower = line.lowercased()
        // "On Tue, 1 Dec 2026 at 10:00, Lee <lee@example.org> wrote:" (or split over two lines).
        if lower.hasPrefix("on ") && (lower.hasSuffix("wrote:") || next.lowercased().hasSuffix("wrote:")) { return true }
        if lower.hasPrefix("le ") && (lower.hasSuffix("a écrit :") || lower.hasSuffix("a écrit:")) { return true }
        if lower.hasPrefix("am ") && lower.contains("schrieb") && lower.hasSuffix(":") { return true }
        if lower.hasPrefix("-----original message-----") || lower.hasPrefix("----- original message -----") { return true }
        if lower.hasPrefix("---------- forwarded message") { return true }
        if line.count >= 20 && line.allSatisfy({ $0 == "_" }) { return true }
        // Outlook's header block: "From: ..." followed by "Sent:" or "Date:".
        if lower.hasPrefix("from:") && (next.lowercased().hasPrefix("sent:") || next.lowercased().hasPrefix("date:")
                                        || next.lowercased().hasPrefix("to:")) { return true }
        if lower.hasPrefix("sent from my ") || lower.hasPrefix("get outlook for ") { return true }
        return false
    }
}
