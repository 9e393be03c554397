@testable import Forum
import Testing

/// Which way a search finds its matches, for the words the benchmark uses at a million posts
/// (frequencies from `seed --scale 1000000`'s statistics).
@Suite struct SearchStrategyTests {
    func strategy(_ order: SearchQuery.Order = .best, matches: Double, kind: SearchIndexKind = .rum) -> Search.Strategy {
        Search.strategy(order: order,
                        estimate: .init(indexKind: kind, matches: matches, posts: 1_000_000, newestID: 1_000_010),
                        exactRankLimits: .init(), windowing: .init())
    }

    /// The first post id of the window, or nil when the strategy reads no window.
    func windowStart(_ strategy: Search.Strategy) -> Int64? {
        if case .window(let from?) = strategy.access { return from }
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

    /// A window is asked of the index as whole blocks of ids (1,024, 16,384 and 262,144 ids),
    /// the smaller ones only where the larger don't fit: every id from the window's first to
    /// past the newest post's block is in exactly one of them, and no block starts before the
    /// first id's block of 1,024.
    @Test(arguments: [(Int64(0), Int64(0)), (1, 5), (1_023, 1_024), (1_024, 300_000), (794_010, 1_000_010),
                      (993_810, 1_000_010), (16_383, 16_384), (262_143, 262_144), (5_000_000, 5_100_000)])
    func windowKeysCoverTheWindowOnce(_ from: Int64, _ newest: Int64) throws {
        let keys = Search.windowKeys(from: from, newestID: newest)
        #expect(Set(keys).count == keys.count)
        // Each key as the range of ids it names.
        let ranges = keys.map { key -> Range<Int64> in
            let (level, block) = key >= 1 << 62 ? (Int64(262_144), key - (1 << 62))
                : key >= 1 << 61 ? (Int64(16_384), key - (1 << 61)) : (Int64(1_024), key)
            return (block * level)..<((block + 1) * level)
        }.sorted { $0.lowerBound < $1.lowerBound }
        let first = try #require(ranges.first)
        #expect(first.lowerBound == from / 1_024 * 1_024)
        for (lower, upper) in zip(ranges, ranges.dropFirst()) { #expect(lower.upperBound == upper.lowerBound) }
        let last = try #require(ranges.last)
        #expect(last.upperBound == (newest / 262_144 + 2) * 262_144)
        #expect(keys.count <= 15 + 15 + Int((newest - from) / 262_144) + 3)
    }

    /// A window's half that ends before an id (a multiple of 1,024) is covered exactly up to it.
    @Test(arguments: [(Int64(0), Int64(1_024)), (1_500, 4_096), (794_010, 897_024), (5_000, 1_048_576), (16_384, 278_528),
                      (2_000, 2_048)])
    func windowKeysCoverAHalfUpToItsEnd(_ from: Int64, _ end: Int64) throws {
        let keys = Search.windowKeys(from: from, before: end)
        let ranges = keys.map { key -> Range<Int64> in
            let (level, block) = key >= 1 << 62 ? (Int64(262_144), key - (1 << 62))
                : key >= 1 << 61 ? (Int64(16_384), key - (1 << 61)) : (Int64(1_024), key)
            return (block * level)..<((block + 1) * level)
        }.sorted { $0.lowerBound < $1.lowerBound }
        #expect(ranges.first?.lowerBound == from / 1_024 * 1_024)
        #expect(ranges.last?.upperBound == end)
        for (lower, upper) in zip(ranges, ranges.dropFirst()) { #expect(lower.upperBound == upper.lowerBound) }
        #expect(keys.count <= 2 * (15 + 15) + Int((end - from) / 262_144) + 1)
        #expect(Search.windowKeys(from: .max, before: .max).count <= 16_384 + 30, "odd bounds neither trap nor loop long")
        #expect(Search.windowKeys(from: .min, before: .min).isEmpty)
    }

    /// The window index's expression in SQL names the same blocks as `windowKeys`.
    @Test func theWindowKeysMatchTheIndexExpression() {
        #expect(Search.windowKeysSQL.contains("p.id / 1024, \(Int64(1) << 61) + p.id / 16384, \(Int64(1) << 62) + p.id / 262144"))
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
        func access(matches: Double, posts: Double, newestID: Int64) -> Search.Strategy.Access {
            Search.strategy(order: .best, estimate: .init(indexKind: .gin, matches: matches, posts: posts, newestID: newestID),
                            exactRankLimits: .init(), windowing: .init()).access
        }
        #expect(access(matches: 1e300, posts: 1, newestID: 5) == .window(from: 4))
        #expect(access(matches: 1_100, posts: 1_200, newestID: 1_200) == .window(from: nil))
        #expect(access(matches: 1e25, posts: 1e35, newestID: 7) == .window(from: nil))
        #expect(access(matches: .nan, posts: 1e6, newestID: 1_000_000) == .window(from: nil))
        #expect(access(matches: .infinity, posts: .infinity, newestID: .max) == .window(from: nil))
        #expect(access(matches: 1e6, posts: 1e6, newestID: 1_000_000) != .window(from: nil))
    }
}
