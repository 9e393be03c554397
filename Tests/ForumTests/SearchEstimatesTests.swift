@testable import Forum
import Testing

/// Kept estimates only spare a search the statistics query: one is served for its lifetime,
/// under its own words only, and never more of them are kept than the capacity.
@Suite struct SearchEstimatesTests {
    let estimate = Search.Estimate(indexKind: .rum, matches: 35_500, posts: 1_000_000, newestID: 1_000_010)

    @Test func anEstimateIsKeptForItsWordsAndItsLifetime() {
        let estimates = SearchEstimates()
        #expect(estimates.estimate(for: "calibration") == nil)
        estimates.keep(estimate, for: "calibration")
        #expect(estimates.estimate(for: "calibration")?.matches == 35_500)
        #expect(estimates.estimate(for: "calibrations") == nil)

        let expired = SearchEstimates(lifetime: .zero)
        expired.keep(estimate, for: "calibration")
        #expect(expired.estimate(for: "calibration") == nil)
    }

    @Test func noMoreThanTheCapacityIsKept() {
        let none = SearchEstimates(capacity: 0)
        none.keep(estimate, for: "calibration")
        #expect(none.estimate(for: "calibration") == nil)

        let two = SearchEstimates(capacity: 2)
        for word in ["rubric", "portfolio", "transcript"] { two.keep(estimate, for: word) }
        let kept = ["rubric", "portfolio", "transcript"].filter { two.estimate(for: $0) != nil }
        #expect(kept.count <= 2)
        #expect(kept.contains("transcript"), "the newest is always kept")
    }
}
