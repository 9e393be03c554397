/// Whole numbers that arrive as text from outside (URLs, query strings, forms). Only an
/// optional `-` and ASCII digits count as a number (`+5`, `0x10`, `1e400`, ` 7` don't), and no
/// value outside the caller's range gets through, so no arithmetic later meets a number it
/// was never meant to handle. `Int(_:)` accepts `+5` and yields `Int.min`, whose `abs` traps.
public enum BoundedInteger {
    /// Eighteen digits always fit in an `Int`, so accumulating them cannot overflow.
    static let maxDigits = 18

    private enum Reading {
        case value(Int)
        /// All digits, but too many to hold: beyond either end of any range.
        case huge(negative: Bool)
        case notANumber
    }

    private static func read<S: StringProtocol>(_ text: S) -> Reading {
        var bytes = text.utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { return .notANumber }
        var value = 0
        var count = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return .notANumber }
            count += 1
            if count <= maxDigits { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        if count > maxDigits { return .huge(negative: negative) }
        return .value(negative ? -value : value)
    }

    /// The number, or nil when the text isn't one or lies outside `range`.
    public static func parse<S: StringProtocol>(_ text: S, in range: ClosedRange<Int>) -> Int? {
        guard case .value(let value) = read(text), range.contains(value) else { return nil }
        return value
    }

    /// The number moved into `range` when it lies beyond an end (a page past the last shows
    /// the last allowed one), or nil when the text isn't a number at all.
    public static func clamped<S: StringProtocol>(_ text: S, in range: ClosedRange<Int>) -> Int? {
        switch read(text) {
        case .value(let value): return min(max(value, range.lowerBound), range.upperBound)
        case .huge(let negative): return negative ? range.lowerBound : range.upperBound
        case .notANumber: return nil
        }
    }
}
