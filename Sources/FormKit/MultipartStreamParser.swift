#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming `multipart/form-data` parser (RFC 7578 / RFC 2046): fed the body a buffer at a
/// time, it reports each part's headers, its bytes as they come, and its end, holding at most
/// a delimiter's worth of input between calls (or a part's header block, bounded).
///
/// Why not vapor/multipart-kit's parser: it finds the delimiter by testing every body byte in
/// a Swift closure through `ByteBufferView`, which a debug build runs at about 0.25 MB/s per
/// core (measured: 98% of the server's CPU during `bench/upload-memory.sh`); four 50 MiB
/// uploads then starved each other past the idle timeout. Here the search is `memchr` for the
/// delimiter's first byte and `memcmp` for the rest, and body bytes are handed on in one run
/// per delimiter or buffer.
public final class MultipartStreamParser {
    public enum Failure: Error, Equatable {
        case syntax
        case headersTooLong
    }

    /// A part's header block larger than this is no browser's.
    public static let maxHeaderBytes = 16 * 1024

    public var onHeader: (String, String) -> Void = { _, _ in }
    /// A run of the current part's bytes; valid only during the call.
    public var onBody: (UnsafeRawBufferPointer) -> Void = { _ in }
    public var onPartComplete: () -> Void = {}

    private enum State {
        /// Before the first delimiter: ignored.
        case preamble
        /// Just after a delimiter: `\r\n` starts a part's headers, `--` ends the body.
        case afterDelimiter
        case headers
        case body
        /// After the closing delimiter: ignored.
        case epilogue
    }

    /// `\r\n--boundary`: what ends every part's bytes.
    private let delimiter: [UInt8]
    private var state = State.preamble
    /// Input not yet decided, joined to the next buffer: a possible start of the delimiter at
    /// the end of the last one, a header block so far, or the bytes after a delimiter.
    private var carry: [UInt8]

    public init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first delimiter may come at the very start, without the CRLF before it.
        carry = [13, 10]
    }

    /// Whether the closing delimiter has been read: a body that ends before it was cut short.
    public var isComplete: Bool {
        if case .epilogue = state { return true }
        return false
    }

    public func execute(_ input: UnsafeRawBufferPointer) throws {
        guard !input.isEmpty else { return }
        if case .epilogue = state { return }
        if carry.isEmpty {
            try process(input)
        } else {
            var joined = carry
            joined.append(contentsOf: input)
            carry = []
            try joined.withUnsafeBytes { try process($0) }
        }
    }

    public func execute(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try execute($0) }
    }

    /// Consumes `input`, keeping in `carry` what can't be decided yet.
    private func process(_ input: UnsafeRawBufferPointer) throws {
        var index = 0
        while index < input.count {
            switch state {
            case .epilogue:
                return
            case .preamble, .body:
                let inBody: Bool
                if case .body = state { inBody = true } else { inBody = false }
                switch find(in: input, from: index) {
                case .found(let at):
                    if inBody && at > index { onBody(UnsafeRawBufferPointer(rebasing: input[index..<at])) }
                    if inBody { onPartComplete() }
                    index = at + delimiter.count
                    state = .afterDelimiter
                case .partial(let at):
                    if inBody && at > index { onBody(UnsafeRawBufferPointer(rebasing: input[index..<at])) }
                    carry = Array(input[at...])
                    return
                case .none:
                    if inBody { onBody(UnsafeRawBufferPointer(rebasing: input[index...])) }
                    return
                }
            case .afterDelimiter:
                guard input.count - index >= 2 else {
                    carry = Array(input[index...])
                    return
                }
                switch (input[index], input[index + 1]) {
                case (13, 10):
                    index += 2
                    state = .headers
                case (45, 45):
                    state = .epilogue
                    return
                default:
                    throw Failure.syntax
                }
            case .headers:
                guard input.count - index >= 2 else {
                    carry = Array(input[index...])
                    return
                }
                // No headers at all: the empty line right away.
                if input[index] == 13 && input[index + 1] == 10 {
                    index += 2
                    state = .body
                    continue
                }
                guard let end = Self.headerBlockEnd(in: input, from: index) else {
                    // The block goes on in the next buffer: kept (bounded) and read again then.
                    guard input.count - index <= Self.maxHeaderBytes else { throw Failure.headersTooLong }
                    carry = Array(input[index...])
                    return
                }
                guard end - index <= Self.maxHeaderBytes else { throw Failure.headersTooLong }
                try reportHeaders(UnsafeRawBufferPointer(rebasing: input[index..<end]))
                index = end + 4
                state = .body
            }
        }
    }

    /// Where `\r\n\r\n` starts, from `start` on.
    private static func headerBlockEnd(in input: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var at = start
        while let found = memchrIndex(input, byte: 13, from: at), found + 4 <= input.count {
            if input[found + 1] == 10 && input[found + 2] == 13 && input[found + 3] == 10 { return found }
            at = found + 1
        }
        return nil
    }

    /// One `Name: value` a line, lines separated by CRLF.
    private func reportHeaders(_ block: UnsafeRawBufferPointer) throws {
        let lines = block.split(separator: 13, omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            // Each line after the first starts with the LF of the CRLF before it.
            guard number == 0 || line.first == 10 else { throw Failure.syntax }
            let text = number == 0 ? line : line.dropFirst()
            guard let colon = text.firstIndex(of: 58), colon > text.startIndex,
                  text[text.startIndex..<colon].allSatisfy(Self.isTokenCharacter)
            else { throw Failure.syntax }
            let value = text[text.index(after: colon)...].drop(while: { $0 == 32 || $0 == 9 })
            onHeader(String(decoding: text[text.startIndex..<colon], as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
    }

    private enum Match {
        case found(Int)
        /// The input ends with the start of a delimiter at this index.
        case partial(Int)
        case none
    }

    private func find(in input: UnsafeRawBufferPointer, from start: Int) -> Match {
        var at = start
        let length = delimiter.count
        guard let base = input.baseAddress else { return .none }
        while let found = Self.memchrIndex(input, byte: 13, from: at) {
            let available = min(length, input.count - found)
            let same = delimiter.withUnsafeBytes { needle in
                needle.baseAddress.map { memcmp(base + found, $0, available) == 0 } ?? false
            }
            if same { return available == length ? .found(found) : .partial(found) }
            at = found + 1
        }
        return .none
    }

    private static func memchrIndex(_ buffer: UnsafeRawBufferPointer, byte: UInt8, from start: Int) -> Int? {
        guard start < buffer.count, let base = buffer.baseAddress,
              let hit = memchr(base + start, Int32(byte), buffer.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// RFC 9110 token characters, as a header name must be.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }
}
