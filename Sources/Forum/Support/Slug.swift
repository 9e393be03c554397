public enum Slug {
    /// A URL-friendly form of a title: `"Grading & Mastery: Q1!"` → `grading-mastery-q1`.
    public static func make(from title: String, maxLength: Int = 60) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
                if slug.count >= maxLength { break }
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "thread" : slug
    }

    /// Slugs for schools and categories: lowercase letters, digits and hyphens.
    public static func isValid(_ slug: String) -> Bool {
        slug.range(of: "^[a-z0-9][a-z0-9-]{0,62}$", options: .regularExpression) != nil
    }
}
