import Views

/// What a member reads when a limit stops them, with how long to wait.
enum RateLimitMessage {
    static func posting(_ retryAfter: Int) -> String {
        "You're posting too quickly. Try again in \(Format.count(retryAfter, "second"))."
    }
}
