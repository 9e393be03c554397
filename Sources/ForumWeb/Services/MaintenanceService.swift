import Forum
import Logging
import ServiceLifecycle

/// Background upkeep every few minutes: expired sessions and old rate-limit windows.
struct MaintenanceService: Service {
    let services: ForumServices
    let logger: Logger

    func run() async throws {
        // Ends with the server: on SIGTERM/SIGINT the service group shuts down gracefully, and a
        // loop that ignored that would keep `serve` from ever exiting.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await services.purgeExpired()
                } catch {
                    logger.debug("maintenance skipped: \(error)")
                }
                try await Task.sleep(for: .seconds(300))
            }
        }
    }
}
