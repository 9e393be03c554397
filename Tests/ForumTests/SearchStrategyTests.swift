@testable import Forum
import Testing

/// Which way a search finds its matches, for the words the benchmark uses at a million posts
/// (frequencies from `seed --scale 1000000`'s statistics).
@Suite struct SearchStrategyTests {
    func strategy(_ order: SearchQuery.Order = .best, matches: Double, postings: Double? = nil,
                  kind: SearchIndexKind = .rum) -> Search.Strategy {
        Search.strategy(order: order,
                        estimate: .init(indexKind: kind, matches: matches, postings: postings ?? matches,
                                        posts: 1_000_000, newestID: 1_000_010),
                        exactRankLimits: .init(), windowing: .init())
    }

    @Test func aWordInAFifthOfPostsIsFoundByReadingTheNewestPosts() {
        #expect(strategy(matches: 202_802) == .init(plan: .rankedNewestCandidates, access: .newestFirst))
        #expect(strategy(.newest, matches: 202_802) == .init(plan: .newest, access: .newestFirst))
    }

    @Test func aWordInAFewPercentOfPostsIsFoundInAWindowOfTheNewest() throws {
        let chosen = strategy(matches: 35_500)
        #expect(chosen.plan == .rankedNewestCandidates)
        guard case .window(let from?) = chosen.access else {
            Issue.record("expected a window, got \(chosen.access)")
            return
        }
        // 1.25 × 1,001 matches at 3.55%: the newest ~35,000 posts.
        #expect((1_000_010 - 36_000)...(1_000_010 - 34_000) ~= from)
    }

    /// Two common words together are rarer than either, but finding them by index reads both
    /// words' entries: reading posts newest first is cheaper.
    @Test func twoCommonWordsAreFoundByReadingTheNewestPosts() {
        #expect(strategy(matches: 23_782, postings: 202_802 + 117_268).access == .newestFirst)
    }

    @Test func fewMatchesAreAllRankedByTheIndex() {
        #expect(strategy(matches: 3_800) == .init(plan: .rankedInIndex, access: .index))
        #expect(strategy(matches: 0) == .init(plan: .rankedInIndex, access: .index))
        #expect(strategy(matches: 800, kind: .gin) == .init(plan: .rankedAll, access: .index))
        #expect(strategy(.newest, matches: 800) == .init(plan: .newest, access: .index))
        if case .window = strategy(matches: 3_800, kind: .gin).access {} else {
            Issue.record("GIN ranks at most 1,000 matches exactly")
        }
    }

    /// Statistics from a table that has since shrunk can't make a window start past the
    /// newest post or trap on arithmetic.
    @Test func oddStatisticsStayHarmless() {
        let tiny = Search.strategy(order: .best,
                                   estimate: .init(indexKind: .rum, matches: 1e300, postings: .infinity, posts: 1, newestID: 5),
                                   exactRankLimits: .init(), windowing: .init())
        #expect(tiny.access == .newestFirst)
        let wide = Search.strategy(order: .best,
                                   estimate: .init(indexKind: .gin, matches: 1_100, postings: 1_100, posts: 1_200, newestID: 1_200),
                                   exactRankLimits: .init(), windowing: .init())
        #expect(wide.access == .window(from: nil))
        let huge = Search.strategy(order: .best,
                                   estimate: .init(indexKind: .gin, matches: 1e25, postings: 1, posts: 1e35, newestID: 7),
                                   exactRankLimits: .init(), windowing: .init())
        #expect(huge.access == .window(from: nil))
    }
}
