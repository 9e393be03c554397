import Foundation

/// What a member searched for: the words (websearch syntax: "a phrase", -excluded, or) and the
/// filters, each optional. Values are compared, never parsed into SQL.
public struct SearchQuery: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable, CaseIterable {
        /// Best matches first (rank), then newest.
        case best
        /// Newest posts first.
        case newest
    }

    public var text: String
    public var order: Order
    public var categorySlug: String
    public var authorUsername: String
    public var schoolSlug: String
    /// Threads tagged with this school-journey element.
    public var elementSlug: String
    /// Posts from the start of this day (UTC)...
    public var from: Date?
    /// ...to the end of this day (UTC).
    public var through: Date?
    /// Only this thread's posts ("search in this thread").
    public var threadID: Int?
    public var page: Int

    public init(text: String, order: Order = .best, categorySlug: String = "", authorUsername: String = "",
                schoolSlug: String = "", elementSlug: String = "", from: Date? = nil, through: Date? = nil, threadID: Int? = nil, page: Int = 1) {
        self.text = text
        self.order = order
        self.categorySlug = Self.filterValue(categorySlug)
        self.authorUsername = Self.filterValue(authorUsername)
        self.schoolSlug = Self.filterValue(schoolSlug)
        self.elementSlug = Self.filterValue(elementSlug)
        self.from = from
        self.through = through
        self.threadID = threadID
        self.page = page
    }

    // PostgreSQL text can't hold NUL; no slug or username is longer than this.
    static func filterValue(_ value: String) -> String {
        String(value.filter { $0 != "\0" }.prefix(100))
    }

    /// Bounded and free of what PostgreSQL text can't hold; websearch syntax never fails.
    var cleanedText: String {
        var kept = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars where scalar != "\0" && !(0xE000...0xE001).contains(scalar.value) {
            guard count < Search.maxQueryLength else { break }
            kept.append(scalar)
            count += 1
        }
        return String(kept).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether any filter narrows the search (the "no results" page offers to drop them).
    public var isFiltered: Bool {
        !categorySlug.isEmpty || !authorUsername.isEmpty || !schoolSlug.isEmpty || !elementSlug.isEmpty || from != nil || through != nil
            || threadID != nil
    }
}
