import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Dates as people read them, in UTC, and as machines read them (for `<time datetime>`).
enum Format {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func date(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.tm_mday) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900), \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    static func iso(_ date: Date) -> String {
        let parts = components(date)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    private static func components(_ date: Date) -> tm {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return parts
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : (plural ?? singular + "s"))"
    }
}

/// Links to the pages of a list; `?page=N` on the list's own path.
struct Pagination: Sendable, Encodable {
    struct Link: Sendable, Encodable {
        var number: Int
        var href: String
        var current: Bool
    }

    var show: Bool
    var page: Int
    var pageCount: Int
    var previousHref: String
    var nextHref: String
    var links: [Link]

    /// `query` (already encoded, without `?`) is kept on every link, e.g. a list's filters.
    init(path: String, query: String = "", page: Int, pageCount: Int) {
        func href(_ number: Int) -> String {
            let parameters = (query.isEmpty ? [] : [query]) + (number == 1 ? [] : ["page=\(number)"])
            return parameters.isEmpty ? path : path + "?" + parameters.joined(separator: "&")
        }
        // A page past the end (or before the start) of the list shows as the nearest page.
        let pageCount = max(1, pageCount)
        let page = min(max(1, page), pageCount)
        show = pageCount > 1
        self.page = page
        self.pageCount = pageCount
        previousHref = page > 1 ? href(page - 1) : ""
        nextHref = page < pageCount ? href(page + 1) : ""
        // First, last and the neighbourhood of the current page keep the list short.
        let shown = Set([1, pageCount] + Array(max(1, page - 2)...min(pageCount, page + 2)))
        links = shown.sorted().map { Link(number: $0, href: href($0), current: $0 == page) }
    }
}
