import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Dates as people read them, in UTC, and as machines read them (for `<time datetime>`).
public enum Format {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func date(_ date: Date) -> String {
        let parts = components(date)
        let month = months[Int(min(max(parts.tm_mon, 0), 11))]
        return "\(parts.tm_mday) \(month) \(Int(parts.tm_year) + 1900), \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    public static func iso(_ date: Date) -> String {
        let parts = components(date)
        return "\(Int(parts.tm_year) + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    private static func components(_ date: Date) -> tm {
        let seconds = date.timeIntervalSince1970
        var time = time_t(seconds.isFinite ? min(max(seconds, -1e15), 1e15) : 0)
        var parts = tm()
        gmtime_r(&time, &parts)
        return parts
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }

    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : (plural ?? singular + "s"))"
    }
}

extension Format {
    static func parts(_ date: Date) -> tm { components(date) }
    static func monthName(_ month: Int32) -> String { months[Int(min(max(month, 0), 11))] }
}

extension HTML {
    /// `<time datetime="…">1 Dec 2026, 09:30</time>`
    public static func time(_ date: Date) -> HTML {
        let bytes = HTMLBytes(capacity: 72)
        appendTime(date, to: bytes)
        return HTML(bytes: bytes)
    }

    /// The same, written digit by digit: a page of 51 posts shows 51 of these.
    static func appendTime(_ date: Date, to bytes: HTMLBytes) {
        let parts = Format.parts(date)
        let year = Int(parts.tm_year) &+ 1900
        appendStatic("<time datetime=\"", to: bytes)
        appendDecimal(year, to: bytes)
        bytes.append(UInt8(ascii: "-"))
        appendTwoDigits(Int(parts.tm_mon) &+ 1, to: bytes)
        bytes.append(UInt8(ascii: "-"))
        appendTwoDigits(Int(parts.tm_mday), to: bytes)
        bytes.append(UInt8(ascii: "T"))
        appendTwoDigits(Int(parts.tm_hour), to: bytes)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(parts.tm_min), to: bytes)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(parts.tm_sec), to: bytes)
        appendStatic("Z\">", to: bytes)
        appendDecimal(Int(parts.tm_mday), to: bytes)
        bytes.append(UInt8(ascii: " "))
        appendUTF8(Format.monthName(parts.tm_mon), to: bytes)
        bytes.append(UInt8(ascii: " "))
        appendDecimal(year, to: bytes)
        appendStatic(", ", to: bytes)
        appendTwoDigits(Int(parts.tm_hour), to: bytes)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(Int(parts.tm_min), to: bytes)
        appendStatic("</time>", to: bytes)
    }
}

extension HTML.StringInterpolation {
    /// `\(time: post.postedAt)`: the `<time>` element, written in place.
    public mutating func appendInterpolation(time date: Date) {
        HTML.appendTime(date, to: bytes)
    }
}
