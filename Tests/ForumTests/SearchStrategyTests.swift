@testable import Forum
import Testing

/// Which way a search finds its matches, for the words the benchmark uses at a million posts
/// (frequencies from `seed --scale 1000000`'s statistics).
@Suite struct SearchStrategyTests {
    func strategy(_ order: SearchQuery.Order = .best, matches: Double, postings: Double? = nil,
                  kind: SearchIndexKind = .rum, bucketed: Bool = true) -> Search.Strategy {
        Search.strategy(order: order,
                        estimate: .init(indexKind: kind, matches: matches, postings: postings ?? matches,
                                        posts: 1_000_000, newestID: 1_000_010, bucketedWindows: bucketed),
                        exactRankLimits: .init(), windowing: .init())
    }

    /// The first post id of the window, or nil when the strategy reads no window.
    func windowStart(_ strategy: Search.Strategy) -> Int64? {
        if case .window(let from?, _) = strategy.access { return from }
        return nil
    }

    @Test func wordsWithManyMatchesAreFoundInAWindowOfTheNewestPosts() throws {
        // "calibration", in 3.55% of posts: 1.25 × 1,001 matches are in the newest ~35,000.
        let mid = strategy(matches: 35_500)
        #expect(mid.plan == .rankedNewestCandidates)
        let from = try #require(windowStart(mid))
        #expect((1_000_010 - 36_000)...(1_000_010 - 34_000) ~= from)
        // "students", in a fifth: the newest ~6,200.
        let common = try #require(windowStart(strategy(.newest, matches: 202_802)))
        #expect((1_000_010 - 6_500)...(1_000_010 - 6_000) ~= common)
        #expect(strategy(.newest, matches: 202_802).plan == .newest)
    }

    /// Without the bucketed window index, a window costs a bitmap of all the words' entries:
    /// words in many posts are cheaper to find by reading posts newest first, and so are two
    /// common words together (rarer than either, but both words' entries would be read).
    @Test func withoutBucketsCommonWordsAreFoundByReadingTheNewestPosts() {
        #expect(strategy(matches: 202_802, bucketed: false) == .init(plan: .rankedNewestCandidates, access: .newestFirst))
        #expect(strategy(matches: 23_782, postings: 202_802 + 117_268, bucketed: false).access == .newestFirst)
        #expect(windowStart(strategy(matches: 35_500, bucketed: false)) != nil)
    }

    @Test func fewMatchesAreAllRankedByTheIndex() {
        #expect(strategy(matches: 3_800) == .init(plan: .rankedInIndex, access: .index))
        #expect(strategy(matches: 0) == .init(plan: .rankedInIndex, access: .index))
        #expect(strategy(matches: 800, kind: .gin) == .init(plan: .rankedAll, access: .index))
        #expect(strategy(.newest, matches: 800) == .init(plan: .newest, access: .index))
        #expect(windowStart(strategy(matches: 3_800, kind: .gin)) != nil, "GIN ranks at most 1,000 matches exactly")
    }

    /// Statistics are estimates (a table may have shrunk since): no window starts before the
    /// first post, and no arithmetic traps.
    @Test func oddStatisticsStayHarmless() {
        func access(matches: Double, postings: Double, posts: Double, newestID: Int64, bucketed: Bool = true) -> Search.Strategy.Access {
            Search.strategy(order: .best,
                            estimate: .init(indexKind: .gin, matches: matches, postings: postings, posts: posts,
                                            newestID: newestID, bucketedWindows: bucketed),
                            exactRankLimits: .init(), windowing: .init()).access
        }
        #expect(access(matches: 1e300, postings: .infinity, posts: 1, newestID: 5, bucketed: false) == .newestFirst)
        #expect(access(matches: 1_100, postings: 1_100, posts: 1_200, newestID: 1_200) == .window(from: nil, bucketed: true))
        #expect(access(matches: 1e25, postings: 1, posts: 1e35, newestID: 7) == .window(from: nil, bucketed: true))
        #expect(access(matches: .nan, postings: .nan, posts: 1e6, newestID: 1_000_000) == .newestFirst)
    }
}
