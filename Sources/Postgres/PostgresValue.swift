#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A Swift value sent to the server as a text-format parameter (`$1`, `$2`, ...).
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

/// A Swift value read from a text-format result column. `nil` is SQL NULL.
public protocol PostgresDecodable {
    static func decode(postgresText: String?) throws -> Self
}

extension PostgresDecodable {
    static func required(_ text: String?) throws -> String {
        guard let text else {
            throw PostgresError(kind: .decoding, message: "unexpected NULL for \(Self.self)")
        }
        return text
    }

    static func invalid(_ text: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot decode \(Self.self) from \(text.prefix(40).debugDescription)")
    }
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public static func decode(postgresText: String?) throws -> String { try required(postgresText) }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public static func decode(postgresText: String?) throws -> Int {
        let text = try required(postgresText)
        guard let value = Int(text) else { throw invalid(text) }
        return value
    }
}

extension Int32: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public static func decode(postgresText: String?) throws -> Int32 {
        let text = try required(postgresText)
        guard let value = Int32(text) else { throw invalid(text) }
        return value
    }
}

extension Int64: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public static func decode(postgresText: String?) throws -> Int64 {
        let text = try required(postgresText)
        guard let value = Int64(text) else { throw invalid(text) }
        return value
    }
}

extension Double: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public static func decode(postgresText: String?) throws -> Double {
        let text = try required(postgresText)
        guard let value = Double(text) else { throw invalid(text) }
        return value
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public static func decode(postgresText: String?) throws -> Bool {
        switch try required(postgresText) {
        case "t", "true": return true
        case "f", "false": return false
        case let other: throw invalid(other)
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText: String?) throws -> Wrapped? {
        guard let postgresText else { return nil }
        return try Wrapped.decode(postgresText: postgresText)
    }
}

/// Timestamps travel as ISO 8601 in UTC: every connection sets `TimeZone=UTC` and
/// `DateStyle=ISO`, so the server prints `2026-11-29 05:34:04.123456+00`.
extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        let seconds = timeIntervalSince1970.rounded(.down)
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let micros = min(999_999, Int(((timeIntervalSince1970 - seconds) * 1_000_000).rounded()))
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(micros), 6))Z"
    }

    public static func decode(postgresText: String?) throws -> Date {
        let text = try required(postgresText)
        guard let date = parseISOTimestamp(text) else { throw invalid(text) }
        return date
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]`, the server's ISO output.
    static func parseISOTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard index + 3 <= bytes.count, let hours = number(index + 1..<index + 3) else { return nil }
            var minutes = 0
            if index + 6 <= bytes.count, bytes[index + 3] == UInt8(ascii: ":"), let parsed = number(index + 4..<index + 6) {
                minutes = parsed
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offsetSeconds) + fraction)
    }
}
