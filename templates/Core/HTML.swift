import Markdown

/// A fragment of HTML that is already safe to send: literal markup written in a view, with every
/// interpolated value escaped on the way in. The only ways to put markup in unescaped are another
/// `HTML` value (itself built this way) and `SanitizedHTML`, which only the Markdown renderer makes.
///
///     let row: HTML = "<a href=\"\(SiteURL.profile(.value(name)).path)\">\(name)</a>"
///
/// Literals are `StaticString`s, so copying them is a `memcpy` of their UTF-8.
public struct HTML: Sendable, ExpressibleByStringInterpolation {
    let bytes: HTMLBytes

    public static let empty = HTML(bytes: HTMLBytes(capacity: 0))

    init(bytes: HTMLBytes) {
        self.bytes = bytes
    }

    public init(stringLiteral literal: StaticString) {
        bytes = HTMLBytes(capacity: literal.utf8CodeUnitCount)
        HTML.appendStatic(literal, to: bytes)
    }

    public init(stringInterpolation: StringInterpolation) {
        bytes = stringInterpolation.bytes
    }

    public var isEmpty: Bool { bytes.count == 0 }

    public struct StringInterpolation: StringInterpolationProtocol {
        let bytes: HTMLBytes

        public init(literalCapacity: Int, interpolationCount: Int) {
            bytes = HTMLBytes(capacity: literalCapacity &+ 24 &* interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            HTML.appendStatic(literal, to: bytes)
        }

        /// Text, escaped for both element content and quoted attribute values.
        public mutating func appendInterpolation(_ text: String) {
            HTML.appendEscaped(text, to: bytes)
        }

        public mutating func appendInterpolation(_ text: Substring) {
            HTML.appendEscaped(String(text), to: bytes)
        }

        /// Nothing for `nil`, so optional fields need no unwrapping in the markup.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.appendEscaped(text, to: bytes) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            HTML.appendDecimal(number, to: bytes)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            bytes.append(html.bytes)
        }

        public mutating func appendInterpolation(_ html: SanitizedHTML) {
            HTML.appendUTF8(html.html, to: bytes)
        }

        /// A path is percent-encoded, so it holds nothing HTML would need escaped.
        public mutating func appendInterpolation(_ url: SiteURL) {
            url.write(to: bytes)
        }

        /// `\(if: post.edited, " (edited)")`: markup shown only when the condition holds.
        public mutating func appendInterpolation(if condition: Bool, _ html: @autoclosure () -> HTML) {
            if condition { bytes.append(html().bytes) }
        }

        public mutating func appendInterpolation(if condition: Bool, _ html: @autoclosure () -> HTML,
                                                 else other: @autoclosure () -> HTML) {
            bytes.append(condition ? html().bytes : other().bytes)
        }
    }

    static func appendStatic(_ literal: StaticString, to bytes: HTMLBytes) {
        if literal.hasPointerRepresentation {
            bytes.append(literal.utf8Start, count: literal.utf8CodeUnitCount)
        } else {
            literal.withUTF8Buffer { buffer in
                if let start = buffer.baseAddress { bytes.append(start, count: buffer.count) }
            }
        }
    }

    static func appendUTF8(_ text: String, to bytes: HTMLBytes) {
        var text = text
        text.withUTF8 { utf8 in
            if let start = utf8.baseAddress { bytes.append(start, count: utf8.count) }
        }
    }

    /// Digits written straight into the page; `Int.min` included, no `String` made.
    static func appendDecimal(_ number: Int, to bytes: HTMLBytes) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 &- count] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
                count &+= 1
            } while magnitude > 0
            if let start = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) {
                bytes.append(start + (20 &- count), count: count)
            }
        }
    }

    /// `n` as two digits, zero-padded (dates and times).
    static func appendTwoDigits(_ number: Int, to bytes: HTMLBytes) {
        let clamped = min(max(number, 0), 99)
        bytes.append(UInt8(truncatingIfNeeded: clamped / 10) &+ 48)
        bytes.append(UInt8(truncatingIfNeeded: clamped % 10) &+ 48)
    }

    /// `& < > " '` become entities; everything else is copied in runs, so text without any of
    /// them costs one append.
    static func appendEscaped(_ text: String, to bytes: HTMLBytes) {
        var text = text
        text.withUTF8 { utf8 in
            guard let start = utf8.baseAddress else { return }
            var runStart = 0
            for index in 0..<utf8.count {
                let entity: StaticString
                switch utf8[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                bytes.append(start + runStart, count: index &- runStart)
                appendStatic(entity, to: bytes)
                runStart = index &+ 1
            }
            bytes.append(start + runStart, count: utf8.count &- runStart)
        }
    }
}

extension HTML {
    /// Text made safe to show; for the rare place markup is built outside a literal.
    public static func text(_ text: String) -> HTML {
        let bytes = HTMLBytes(capacity: text.utf8.count)
        appendEscaped(text, to: bytes)
        return HTML(bytes: bytes)
    }

    /// The fragments one after another: lists rendered with `map`.
    public static func join(_ parts: some Sequence<HTML>) -> HTML {
        let bytes = HTMLBytes(capacity: 256)
        for part in parts { bytes.append(part.bytes) }
        return HTML(bytes: bytes)
    }
}

extension HTML {
    /// The markup as text, for tests and the rare caller that needs a `String`.
    public var string: String { String(decoding: bytes.buffer, as: UTF8.self) }
}
