import Foundation

/// One post found by a search, with what the results list shows of it.
public struct SearchHit: Sendable {
    public var postID: Int
    /// The post's place in its thread (1 is the opening post).
    public var position: Int
    public var threadID: Int
    public var threadSlug: String
    public var threadTitle: String
    public var threadPostCount: Int
    public var categorySlug: String
    public var categoryName: String
    public var authorUsername: String
    public var authorSchool: String?
    public var createdAt: Date
    /// The snippet around the matches, as plain text runs; `matched` ones are what was searched.
    public var snippet: [SnippetPart]
}

/// A run of a search snippet: text, and whether it is one of the matches.
public struct SnippetPart: Sendable, Equatable {
    public var text: String
    public var matched: Bool
}
