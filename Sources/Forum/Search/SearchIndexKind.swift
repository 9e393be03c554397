/// Which full-text index the migrations gave `posts.search_vector` (recorded in
/// `search_settings` by sql/050_search_rum.sql).
public enum SearchIndexKind: String, Sendable {
    /// The RUM extension's index: matches come out of the index already ordered by rank, reading
    /// no table rows, so more matches can be ranked exactly (`Search.ExactRankLimits`).
    case rum
    /// PostgreSQL's own GIN index: finds matches, but ranking needs each matching row, so exact
    /// ranking stops at a smaller count.
    case gin
}
