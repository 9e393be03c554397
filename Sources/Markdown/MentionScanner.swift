/// Finds `@username` in plain text: 2–30 of `[A-Za-z0-9_]`, not preceded by a word character
/// (so `a@b.com` is an address, not a mention) and not followed by one (so a 31-character run
/// or `@bob` inside `@bobé` never points at a different, shorter name).
enum MentionScanner {
    struct Match {
        /// Covers the `@` and the name, as written.
        let range: Range<String.UnicodeScalarView.Index>
        let username: String
    }

    static let nameLengths = 2...30

    static func matches(in text: String) -> [Match] {
        let scalars = text.unicodeScalars
        var matches: [Match] = []
        var previous: Unicode.Scalar?
        var index = scalars.startIndex

        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "@", !(previous.map(isWordCharacter) ?? false) {
                let nameStart = scalars.index(after: index)
                var nameEnd = nameStart
                var length = 0
                while nameEnd < scalars.endIndex, length <= nameLengths.upperBound, isNameCharacter(scalars[nameEnd]) {
                    nameEnd = scalars.index(after: nameEnd)
                    length += 1
                }
                let endsAtBoundary = nameEnd == scalars.endIndex || !isWordCharacter(scalars[nameEnd])
                if nameLengths.contains(length), endsAtBoundary {
                    let name = String(scalars[nameStart..<nameEnd]).lowercased()
                    matches.append(Match(range: index..<nameEnd, username: name))
                    previous = scalars[scalars.index(before: nameEnd)]
                    index = nameEnd
                    continue
                }
            }
            previous = scalar
            index = scalars.index(after: index)
        }
        return matches
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        default: false
        }
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameCharacter(scalar) || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
