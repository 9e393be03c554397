import Forum
import Logging
import ServiceLifecycle

/// Background upkeep every few minutes: expired sessions and old rate-limit windows.
struct MaintenanceService: Service {
    let services: ForumServices
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            do {
                try await services.purgeExpired()
            } catch {
                logger.debug("maintenance skipped: \(error)")
            }
            try? await Task.sleep(for: .seconds(300))
        }
    }
}
