import Foundation
import Postgres
import Views

/// One mail to a member, written as text and as HTML side by side: paragraphs, lists of
/// items with links, and the footer every notification and digest carries (why it came,
/// where to change it, how to stop it), with the list headers of RFC 2369 and RFC 8058.
struct MemberMail {
    var subject: String
    private(set) var text = ""
    private(set) var html = ""
    var replyTo: String?

    init(subject: String) {
        self.subject = subject
    }

    mutating func paragraph(_ line: String) {
        text += Self.wrap(line) + "\n\n"
        html += "<p>\(Self.escape(line))</p>\n"
    }

    mutating func heading(_ line: String) {
        text += line + "\n" + String(repeating: "-", count: min(line.count, 72)) + "\n\n"
        html += "<h2 style=\"font-size:1.1em\">\(Self.escape(line))</h2>\n"
    }

    struct Item {
        var line: String
        var link: String
        var excerpt: String?
    }

    mutating func list(_ items: [Item]) {
        html += "<ul>\n"
        for item in items {
            text += Self.wrap("* " + item.line, indent: "  ") + "\n"
            html += "<li><a href=\"\(Self.escape(item.link))\">\(Self.escape(item.line))</a>"
            if let excerpt = item.excerpt, !excerpt.isEmpty {
                text += excerpt.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { Self.wrap(String($0), indent: "    ", first: "    ") }.joined(separator: "\n") + "\n"
                html += "<blockquote style=\"margin:.3em 0 .3em 1em;color:#444\">"
                    + Self.escape(excerpt).replacingOccurrences(of: "\n", with: "<br>") + "</blockquote>"
            }
            text += "  " + item.link + "\n\n"
            html += "</li>\n"
        }
        html += "</ul>\n"
    }

    /// The footer and headers: `reason` says why this mail came.
    func finished(reason: String, unsubscribeToken: String, configuration: MemberMailConfiguration)
        -> (subject: String, text: String, html: String, headers: [(name: String, value: String)]) {
        let settings = configuration.absolute(.settingsEmail)
        let unsubscribe = configuration.absolute(.unsubscribe(token: .value(unsubscribeToken)))
        var text = self.text
        if replyTo != nil {
            text = "Reply to this mail to answer in the thread (what you write above\nthe quoted mail is posted).\n\n" + text
        }
        text += "-- \n" + Self.wrap(reason) + "\n"
        text += "Change how often Roundtable mails you:\n  \(settings)\n"
        text += "Stop all these mails with one click:\n  \(unsubscribe)\n"
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(Self.escape(subject))</title></head>\n"
            + "<body style=\"font-family:sans-serif;line-height:1.4;max-width:40em\">\n"
        if replyTo != nil { html += "<p style=\"color:#555\">Reply to this mail to answer in the thread.</p>\n" }
        html += self.html
        html += "<hr>\n<p style=\"color:#555;font-size:.9em\">\(Self.escape(reason))<br>\n"
            + "<a href=\"\(Self.escape(settings))\">Change how often Roundtable mails you</a> · "
            + "<a href=\"\(Self.escape(unsubscribe))\">Unsubscribe</a></p>\n</body></html>\n"
        var headers: [(name: String, value: String)] = [
            ("List-Unsubscribe", "<\(unsubscribe)>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            ("Auto-Submitted", "auto-generated"),
            ("Precedence", "list"),
            ("X-Auto-Response-Suppress", "All"),
        ]
        if let replyTo { headers.append(("Reply-To", replyTo)) }
        return (subject, text, html, headers)
    }

    /// Queues the mail with a fresh unsubscribe token, inside the caller's transaction.
    func enqueue(to recipient: String, userID: Int, reason: String, configuration: MemberMailConfiguration,
                 on connection: PostgresConnection) throws {
        let token = try MailTokens.issue(.unsubscribe, userID: userID, on: connection)
        let mail = finished(reason: reason, unsubscribeToken: token, configuration: configuration)
        try Outbox.enqueue(on: connection, to: recipient, subject: mail.subject, body: mail.text, html: mail.html,
                           headers: mail.headers)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Short lines for plain-text readers: words wrapped at 72 columns (a long word, such as
    /// a link, stays whole on its own line).
    static func wrap(_ line: String, indent: String = "", first: String = "", width: Int = 72) -> String {
        var lines: [String] = []
        var current = first
        var currentIsEmpty = true
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            if !currentIsEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += (currentIsEmpty ? "" : " ") + word
            }
            currentIsEmpty = false
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The start of a post's source as plain text for a mail: at most `lines` lines and
    /// `characters` characters, marked when cut.
    static func excerpt(_ source: String?, lines: Int = 8, characters: Int = 500) -> String? {
        guard let source else { return nil }
        let trimmed = source.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var kept = trimmed.split(separator: "\n", omittingEmptySubsequences: false).prefix(lines).joined(separator: "\n")
        if kept.count > characters { kept = String(kept.prefix(characters)) }
        return kept.count < trimmed.count ? kept + " …" : kept
    }
}
