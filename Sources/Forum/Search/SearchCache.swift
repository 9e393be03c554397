import Synchronization

/// Recent search results, kept in memory while nothing a search shows has changed.
///
/// Members search for the same words again and again (a page of results, then the next, then
/// back), and a search costs 15-50 ms of the database at a million posts against well under
/// one for a kept result. A result is kept with the database's change counter
/// (`search_generation`, sql/096_search_generation.sql) as read before the search ran, and
/// served only while the counter still reads the same: any post written, edited, hidden or
/// moved, any thread, category, school or username changed, empties the cache. The counter
/// moves at commit, with the change, so a result read before a post was hidden can never be
/// served after it. Results depend on the reader only through whether they moderate, which is
/// part of the key.
public final class SearchCache: Sendable {
    struct Key: Hashable {
        var query: SearchQuery
        var moderator: Bool
    }

    private struct State {
        var generation: Int64 = .min
        var entries: [Key: Search.Results] = [:]
    }

    /// At most this many results are kept (each a page of 20 hits, a few kilobytes).
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 2_000) {
        self.capacity = max(0, capacity)
    }

    /// The kept result for `key`, if it was read at `generation`, the counter's current value.
    func results(for key: Key, at generation: Int64) -> Search.Results? {
        state.withLock { state in
            if generation > state.generation {
                // Something changed: nothing kept can be trusted.
                state.entries.removeAll(keepingCapacity: true)
                state.generation = generation
                return nil
            }
            return generation == state.generation ? state.entries[key] : nil
        }
    }

    /// Keeps `results`, read by a search that began when the counter read `generation`. A
    /// search that began before the latest change it knows of is not kept.
    func keep(_ results: Search.Results, for key: Key, readAt generation: Int64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard generation == state.generation else { return }
            // Simple and bounded: when full, start over (a burst of misses, no bookkeeping).
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = results
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
