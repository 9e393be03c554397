import Logging
import NIOPosix
import Synchronization

/// A pool of libpq connections. Every blocking libpq call runs on the pool's own threads,
/// never on the event loop or Swift's cooperative pool. A connection that breaks (the server
/// restarted, the network dropped) is discarded with every idle sibling, and the next caller
/// opens a fresh one: the forum recovers by itself when the database returns.
public final class PostgresClient: Sendable {
    public struct Configuration: Sendable {
        public var conninfo: String
        public var poolSize: Int
        public var applicationName: String

        public init(conninfo: String, poolSize: Int = 8, applicationName: String = "roundtable") {
            self.conninfo = conninfo
            self.poolSize = max(1, poolSize)
            self.applicationName = applicationName
        }
    }

    /// Exclusive access to one connection, handed between threads by the pool. The pool is
    /// what guarantees that only one thread uses it at a time.
    final class Lease: @unchecked Sendable {
        let connection: PostgresConnection
        let generation: Int
        init(_ connection: PostgresConnection, generation: Int) {
            self.connection = connection
            self.generation = generation
        }
    }

    private enum Slot: Sendable {
        case lease(Lease)
        case openNew
    }

    private struct State {
        var idle: [Lease] = []
        var open = 0
        var waiters: [CheckedContinuation<Slot, any Error>] = []
        var generation = 0
        var isShutdown = false
    }

    public let configuration: Configuration
    private let threadPool: NIOThreadPool
    private let state = Mutex(State())
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.poolSize)
        threadPool.start()
    }

    /// Runs `body` with a connection of its own, off the event loop.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let lease = try await checkout()
        do {
            let value = try await threadPool.runIfActive { try body(lease.connection) }
            checkin(lease)
            return value
        } catch {
            checkin(lease)
            throw error
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func withTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withConnection { connection in try connection.transaction { try body(connection) } }
    }

    /// One statement on a pooled connection.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresEncodable)?] = [],
                      planning: PostgresConnection.Planning = .reused) async throws -> PostgresRows {
        try await withConnection { try $0.query(sql, parameters, planning: planning) }
    }

    /// Closes every connection and stops the threads. Waiting callers get an error.
    public func shutdown() async {
        let (idle, waiters) = state.withLock { state in
            state.isShutdown = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(throwing: PostgresError(kind: .connection, message: "pool shut down")) }
        _ = idle  // Dropping the leases finishes their connections.
        try? await threadPool.shutdownGracefully()
    }

    public var openConnections: Int { state.withLock { $0.open } }

    private func checkout() async throws -> Lease {
        let immediate: Slot? = try state.withLock { state in
            if state.isShutdown { throw PostgresError(kind: .connection, message: "pool shut down") }
            if let lease = state.idle.popLast() { return .lease(lease) }
            if state.open < configuration.poolSize {
                state.open += 1
                return .openNew
            }
            return nil
        }
        let slot: Slot
        if let immediate {
            slot = immediate
        } else {
            slot = try await withCheckedThrowingContinuation { continuation in
                let resumeNow: Slot? = state.withLock { state in
                    // Re-check under the lock: a connection may have come back meanwhile.
                    if let lease = state.idle.popLast() { return .lease(lease) }
                    if state.open < configuration.poolSize {
                        state.open += 1
                        return .openNew
                    }
                    state.waiters.append(continuation)
                    return nil
                }
                if let resumeNow { continuation.resume(returning: resumeNow) }
            }
        }
        switch slot {
        case .lease(let lease):
            return lease
        case .openNew:
            let generation = state.withLock { $0.generation }
            do {
                let configuration = self.configuration
                let connection = try await threadPool.runIfActive {
                    Lease(try PostgresConnection(conninfo: configuration.conninfo, applicationName: configuration.applicationName),
                          generation: generation)
                }
                return connection
            } catch {
                releaseSlot()
                throw error
            }
        }
    }

    private func checkin(_ lease: Lease) {
        let healthy = lease.connection.isHealthy
        var discarded: [Lease] = []
        let waiter: (CheckedContinuation<Slot, any Error>, Slot)? = state.withLock { state in
            var slot: Slot = .lease(lease)
            if !healthy || lease.generation != state.generation || state.isShutdown {
                if !healthy {
                    // One broken connection means the others idle since then are broken too.
                    state.generation += 1
                    discarded = state.idle
                    state.open -= state.idle.count
                    state.idle = []
                }
                discarded.append(lease)
                slot = .openNew
            }
            if !state.waiters.isEmpty {
                return (state.waiters.removeFirst(), slot)
            }
            if case .lease(let kept) = slot {
                state.idle.append(kept)
            } else {
                state.open -= 1
            }
            return nil
        }
        if !discarded.isEmpty {
            logger.warning("discarding \(discarded.count) database connection(s)", metadata: ["healthy": "\(healthy)"])
        }
        if let (continuation, slot) = waiter { continuation.resume(returning: slot) }
    }

    /// Gives up a slot reserved for a connection that failed to open.
    private func releaseSlot() {
        let waiter = state.withLock { state -> CheckedContinuation<Slot, any Error>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: .openNew)
    }
}
