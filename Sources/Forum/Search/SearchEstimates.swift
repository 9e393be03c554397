import Foundation
import Synchronization

/// Recent estimates of how many posts a search's words match (`Search.Estimate`), for a minute.
///
/// The estimate reads the planner's statistics, which change only when PostgreSQL analyzes the
/// table again, yet costs ~4 ms a search at a million posts (mostly planning the query over
/// `pg_stats`). A kept estimate only sizes the window of newest posts, and the window reaches
/// past the newest post it knew of (`Search.windowKeys`), so one a minute old finds the same
/// posts: results never come from here, only the way to look for them.
public final class SearchEstimates: Sendable {
    private struct Entry {
        var estimate: Search.Estimate
        var readAt: ContinuousClock.Instant
    }

    public let capacity: Int
    public let lifetime: Duration
    private let entries = Mutex([String: Entry]())

    public init(capacity: Int = 1_000, lifetime: Duration = .seconds(60)) {
        self.capacity = max(0, capacity)
        self.lifetime = lifetime
    }

    func estimate(for text: String) -> Search.Estimate? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[text] else { return nil }
            guard now - entry.readAt < lifetime else {
                entries[text] = nil
                return nil
            }
            return entry.estimate
        }
    }

    func keep(_ estimate: Search.Estimate, for text: String) {
        guard capacity > 0 else { return }
        let now = ContinuousClock.now
        entries.withLock { entries in
            // Bounded without bookkeeping: when full, start over.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = Entry(estimate: estimate, readAt: now)
        }
    }
}
