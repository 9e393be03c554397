/// Limits on signing in, shaped so that an attacker can neither guess a password quickly nor
/// lock its owner out. Counting failures per account alone did the latter: ten wrong
/// passwords a minute from anywhere kept the owner out everywhere.
///
/// - every attempt counts against its address (`perAddress` a minute);
/// - failures count against the (account, address) pair: `perAddress` per window locks that
///   address out of that account only;
/// - failures also count against the account (`perAccount` per window, gentler); once over
///   it, only addresses with fewer than `allowance` failures of their own for the account may
///   still try, so many addresses get few guesses each while the owner, elsewhere, still
///   gets in.
public struct SignInThrottle: Sendable {
    public static let window = 15 * 60
    public static let allowance = 3

    let rateLimiter: RateLimiter
    let perAddress: Int
    let perAccount: Int

    public init(rateLimiter: RateLimiter, perAddress: Int) {
        self.rateLimiter = rateLimiter
        self.perAddress = perAddress
        // Saturating: the limit comes from the environment.
        let (product, overflow) = perAddress.multipliedReportingOverflow(by: 5)
        self.perAccount = overflow ? Int.max : product
    }

    static func addressKey(_ address: String) -> String { "signin:" + address }
    static func accountKey(_ email: String) -> String { "signin-failures:" + email.lowercased() }
    static func pairKey(_ email: String, _ address: String) -> String { "signin-failures:" + email.lowercased() + "|" + address }

    /// Counts the attempt; the seconds to wait when it may not go ahead, else nil.
    public func retryAfter(email: String, address: String) async throws -> Int? {
        if case .limited(let retryAfter) = try await rateLimiter.hit(Self.addressKey(address), limit: perAddress) {
            return retryAfter
        }
        let pair = Self.pairKey(email, address)
        if case .limited(let retryAfter) = try await rateLimiter.check(pair, limit: perAddress, windowSeconds: Self.window) {
            return retryAfter
        }
        if case .limited(let retryAfter) = try await rateLimiter.check(Self.accountKey(email), limit: perAccount, windowSeconds: Self.window),
           case .limited = try await rateLimiter.check(pair, limit: Self.allowance, windowSeconds: Self.window) {
            return retryAfter
        }
        return nil
    }

    public func recordFailure(email: String, address: String) async throws {
        _ = try await rateLimiter.hit(Self.pairKey(email, address), limit: perAddress, windowSeconds: Self.window)
        _ = try await rateLimiter.hit(Self.accountKey(email), limit: perAccount, windowSeconds: Self.window)
    }
}
