import Foundation
import Forum
import Hummingbird

/// Every number a request carries in its path or query string is read here, with bounds, so
/// no handler does arithmetic or a query on a value it never expected (a huge `?page=` once
/// trapped the whole process).
enum RequestInput {
    /// Ids are `bigint` serials; anything larger is certainly no row.
    static let idRange = 1...999_999_999_999_999_999

    /// A `{id}` path parameter; anything but a positive whole number names no page.
    static func pathID(_ context: AppContext, _ name: String = "id") throws -> Int {
        guard let text = context.parameters.get(name), let id = BoundedInteger.parse(text, in: idRange) else {
            throw NotFound()
        }
        return id
    }

    /// An id given in the query string (`?quote=12`), or nil when absent or not an id.
    static func queryID(_ request: Request, _ name: String) -> Int? {
        request.formQuery[name].flatMap { BoundedInteger.parse($0, in: idRange) }
    }

    /// `?page=N`: page 1 when absent or not a number; out-of-range numbers move to the
    /// nearest page a listing can be asked for.
    static func page(_ request: Request) -> Int {
        request.formQuery["page"].flatMap { BoundedInteger.clamped($0, in: 1...Page.maxNumber) } ?? 1
    }

    /// A day given as `YYYY-MM-DD` (what `<input type="date">` sends), as its start in UTC; nil
    /// when absent or not a real day between the years 2000 and 9999.
    static func day(_ request: Request, _ name: String) -> Date? {
        guard let text = request.formQuery[name], text.utf8.count == 10 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let year = BoundedInteger.parse(String(parts[0]), in: 2000...9999),
              let month = BoundedInteger.parse(String(parts[1]), in: 1...12),
              let day = BoundedInteger.parse(String(parts[2]), in: 1...31)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        // 2026-02-31 is no day (Calendar would quietly make it March 3rd).
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// The `YYYY-MM-DD` form of a day read by `day`, to show it back in the form.
    static func dayText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func padded(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(parts.year, 4))-\(padded(parts.month, 2))-\(padded(parts.day, 2))"
    }
}
