import Forum
import Logging
import ServiceLifecycle

/// Delivers queued mail in the background: every few seconds, all due messages.
struct MailOutboxService: Service {
    let sender: MailSender
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async throws {
        // Ends with the server on SIGTERM/SIGINT (see MaintenanceService). A message claimed
        // but not marked sent when the process stops is retried once its lease runs out.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // Keep going while full batches come back, so a backlog drains quickly.
                    while !Task.isCancelled {
                        let report = try await sender.sendDueMessages(limit: 20)
                        if report.failed > 0 { logger.warning("mail: \(report.failed) message(s) failed; will retry") }
                        if report.sent + report.failed < 20 { break }
                    }
                } catch {
                    logger.debug("mail sender skipped a round: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
