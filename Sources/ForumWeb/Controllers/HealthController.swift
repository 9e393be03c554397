import Forum
import Hummingbird
import Views

/// `/healthz`: 200 when the database answers, 503 when it does not.
struct HealthController {
    let services: ForumServices

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.healthz.route) { _, _ -> Response in
            let healthy = (try? await services.db.query("SELECT 1")) != nil
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: .init(string: healthy ? "ok\n" : "database unavailable\n")))
        }
    }
}
