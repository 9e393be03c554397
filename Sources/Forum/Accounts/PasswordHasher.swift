import CArgon2
import NIOPosix

/// argon2id password hashing. Each hash takes `memoryKiB` of memory and a few milliseconds of
/// CPU, so hashing runs on a small thread pool of its own: a sign-in storm queues there
/// instead of exhausting memory or stalling the event loop.
public final class PasswordHasher: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var memoryKiB: UInt32
        public var iterations: UInt32
        public var parallelism: UInt32

        /// OWASP's minimum for argon2id: m=19 MiB, t=2, p=1 (~15 ms here).
        public static let standard = Parameters(memoryKiB: 19 * 1024, iterations: 2, parallelism: 1)

        public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.parallelism = parallelism
        }
    }

    public let parameters: Parameters
    private let threadPool: NIOThreadPool

    public init(parameters: Parameters = .standard, concurrency: Int = 2) {
        self.parameters = parameters
        threadPool = NIOThreadPool(numberOfThreads: max(1, concurrency))
        threadPool.start()
    }

    deinit {
        threadPool.shutdownGracefully { _ in }
    }

    public func hash(_ password: String) async throws -> String {
        let parameters = self.parameters
        return try await threadPool.runIfActive { try Self.hashNow(password, parameters: parameters) }
    }

    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await threadPool.runIfActive {
            argon2id_verify(encoded, password, password.utf8.count) == ARGON2_OK.rawValue
        }
    }

    /// True when `encoded` was made with weaker parameters than today's, so the next sign-in
    /// should store a fresh hash.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = Self.parameters(of: encoded) else { return true }
        return stored.memoryKiB < parameters.memoryKiB || stored.iterations < parameters.iterations
            || !encoded.hasPrefix("$argon2id$")
    }

    static func parameters(of encoded: String) -> Parameters? {
        // $argon2id$v=19$m=19456,t=2,p=1$salt$hash
        let fields = encoded.split(separator: "$")
        guard fields.count >= 4 else { return nil }
        var values: [Substring: UInt32] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = UInt32(parts[1]) { values[parts[0]] = value }
        }
        guard let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
        return Parameters(memoryKiB: m, iterations: t, parallelism: p)
    }

    private static func hashNow(_ password: String, parameters: Parameters) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let hashLength = 32
        let encodedLength = argon2_encodedlen(parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                                              UInt32(salt.count), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let status = argon2id_hash_encoded(parameters.iterations, parameters.memoryKiB, parameters.parallelism,
                                           password, password.utf8.count, salt, salt.count, hashLength,
                                           &encoded, encodedLength)
        guard status == ARGON2_OK.rawValue else {
            throw HashingError(message: String(cString: argon2_error_message(status)))
        }
        let bytes = encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    struct HashingError: Error, CustomStringConvertible {
        var message: String
        var description: String { "argon2: \(message)" }
    }
}
