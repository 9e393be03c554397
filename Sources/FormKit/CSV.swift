public enum CSVError: Error, Equatable, Sendable {
    case invalidEncoding
    /// `line` is the physical line on which the unclosed quoted field starts.
    case unterminatedQuote(line: Int)
}

public enum CSV {
    /// Parses CSV into records; blank lines are skipped.
    public static func parse(_ data: [UInt8]) throws -> [[String]] {
        try records(data).map(\.fields)
    }

    /// Parses CSV whose first record is a header. Header names are trimmed and lowercased;
    /// a row's missing trailing fields map to "" and extra fields are dropped.
    /// `line` is the physical line (1-based, header included) on which the row starts,
    /// so it can be quoted back to a person looking at the file in an editor.
    public static func parseRecords(_ data: [UInt8]) throws
        -> (header: [String], rows: [(line: Int, fields: [String: String])])
    {
        let all = try records(data)
        guard let first = all.first else { return ([], []) }
        let header = first.fields.map { $0.trimmingWhitespace().lowercased() }
        let rows = all.dropFirst().map { record -> (line: Int, fields: [String: String]) in
            var fields: [String: String] = [:]
            for (index, name) in header.enumerated() where fields[name] == nil {
                fields[name] = index < record.fields.count ? record.fields[index] : ""
            }
            return (record.line, fields)
        }
        return (header, rows)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
        cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"),
        space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    private static func records(_ data: [UInt8]) throws -> [(line: Int, fields: [String])] {
        // Validating once up front means every field, being cut at ASCII delimiters, is valid too.
        guard String(validating: data, as: UTF8.self) != nil else { throw CSVError.invalidEncoding }
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data[3...] : data[...]
        var i = bytes.startIndex
        let end = bytes.endIndex
        var line = 1
        var result: [(line: Int, fields: [String])] = []

        // Consumes one line ending at i (CRLF, LF or lone CR) if present.
        func consumeNewline() -> Bool {
            guard i < end else { return false }
            if bytes[i] == cr {
                i += 1
                if i < end && bytes[i] == lf { i += 1 }
            } else if bytes[i] == lf {
                i += 1
            } else {
                return false
            }
            line += 1
            return true
        }

        while i < end {
            let recordLine = line
            var fields: [String] = []
            var sawQuote = false
            while true {
                while i < end && (bytes[i] == space || bytes[i] == tab) { i += 1 }
                var field: [UInt8] = []
                if i < end && bytes[i] == quote {
                    sawQuote = true
                    let quoteLine = line
                    i += 1
                    while true {
                        guard i < end else { throw CSVError.unterminatedQuote(line: quoteLine) }
                        let c = bytes[i]
                        if c == quote {
                            i += 1
                            guard i < end && bytes[i] == quote else { break }
                            field.append(quote)
                            i += 1
                        } else if c == cr || c == lf {
                            let start = i
                            _ = consumeNewline()
                            field.append(contentsOf: bytes[start..<i])
                        } else {
                            field.append(c)
                            i += 1
                        }
                    }
                    // Be lenient about text after the closing quote: keep it rather than fail.
                    while i < end, bytes[i] != comma, bytes[i] != cr, bytes[i] != lf {
                        if bytes[i] != space && bytes[i] != tab { field.append(bytes[i]) }
                        i += 1
                    }
                } else {
                    while i < end, bytes[i] != comma, bytes[i] != cr, bytes[i] != lf {
                        field.append(bytes[i])
                        i += 1
                    }
                    while let last = field.last, last == space || last == tab { field.removeLast() }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                if i < end && bytes[i] == comma {
                    i += 1
                    continue
                }
                _ = consumeNewline()
                break
            }
            let blank = !sawQuote && fields.count == 1 && fields[0].isEmpty
            if !blank { result.append((recordLine, fields)) }
        }
        return result
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
