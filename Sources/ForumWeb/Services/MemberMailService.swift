import Forum
import Logging
import Postgres
import ServiceLifecycle

/// Writes members' mail in the background: batched notification mails every few seconds,
/// due digests every minute. Both queue into the outbox, which `MailOutboxService` delivers;
/// both claim their work with SKIP LOCKED, so any number of `serve` processes can run this.
struct MemberMailService: Service {
    let notifications: NotificationMailer
    let digests: DigestMailer
    let logger: Logger
    var interval: Duration = .seconds(5)

    init(db: PostgresClient, configuration: MemberMailConfiguration, logger: Logger) {
        notifications = NotificationMailer(db: db, configuration: configuration)
        digests = DigestMailer(db: db, configuration: configuration)
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                do {
                    // Full batches mean more is waiting: keep going until a short one.
                    while !Task.isCancelled, try await notifications.sendDue(limit: 20) >= 20 {}
                    if round % 12 == 0 {
                        while !Task.isCancelled {
                            let report = try await digests.sendDue(limit: 20)
                            if report.sent + report.empty < 20 { break }
                        }
                    }
                } catch {
                    logger.debug("member mail skipped a round: \(error)")
                }
                round &+= 1
                try await Task.sleep(for: interval)
            }
        }
    }
}
