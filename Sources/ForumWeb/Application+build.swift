import Forum
import Hummingbird
import Logging
import Mail
import NIOCore

/// The one place the web application is wired: middleware order, routes, static files.
public func buildRouter(services: ForumServices, configuration: WebConfiguration, renderer: Renderer) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: ControlCharacterPathMiddleware())
    // The inner error-page middleware turns the router's 404 into a page (a response, not a
    // thrown error), so files are served for 404 responses too.
    router.add(middleware: FileMiddleware(
        configuration.staticDirectory.path, urlBasePath: "/static",
        cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(3600)])])).withServeOnNotFoundResponse())
    router.add(middleware: SessionMiddleware(sessions: services.sessions, configuration: configuration))
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: CSRFMiddleware())

    HealthController(services: services).addRoutes(to: router)
    AuthController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: router)
    InvitationController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: router)
    PasswordController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: router)
    UnsubscribeController(services: services, renderer: renderer).addRoutes(to: router)
    TwoFactorSignInController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: router)

    let members = router.group().add(middleware: RequireMemberMiddleware())
    members.add(middleware: RequireTwoFactorEnrolmentMiddleware(twoFactor: services.twoFactor))
    HomeController(services: services, renderer: renderer).addRoutes(to: members)
    CategoryController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: members)
    ThreadController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: members)
    PostController(services: services, renderer: renderer).addRoutes(to: members)
    NotificationController(services: services, renderer: renderer).addRoutes(to: members)
    SearchController(services: services, renderer: renderer).addRoutes(to: members)
    FileController(services: services).addRoutes(to: members)

    let moderators = members.group().add(middleware: RequireModeratorMiddleware())
    ModerationController(services: services, renderer: renderer).addRoutes(to: members, moderators: moderators)
    ModeratorPagesController(services: services, renderer: renderer).addRoutes(moderators: moderators, members: members)

    ProfileController(services: services, renderer: renderer).addRoutes(to: members)
    SchoolController(services: services, renderer: renderer).addRoutes(to: members)
    JourneyController(services: services, renderer: renderer).addRoutes(to: members)
    SettingsController(services: services, renderer: renderer).addRoutes(to: members)
    EmailSettingsController(services: services, renderer: renderer).addRoutes(to: members)
    MessageController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: members)
    TwoFactorController(services: services, renderer: renderer).addRoutes(to: members)
    AccountDataController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: members)

    let admins = router.group().add(middleware: RequireAdminMiddleware())
    admins.add(middleware: RequireTwoFactorEnrolmentMiddleware(twoFactor: services.twoFactor))
    AdminInvitationController(services: services, renderer: renderer, configuration: configuration).addRoutes(to: admins)
    AdminController(services: services, renderer: renderer).addRoutes(to: admins)
    AdminJourneyController(services: services, renderer: renderer).addRoutes(to: admins)
    AdminSecurityController(services: services, renderer: renderer).addRoutes(to: admins)
    return router
}

public func buildApplication(
    services: ForumServices, configuration: WebConfiguration, host: String, port: Int, logger: Logger,
    mailTransport: any MailTransport, mailFrom: String = MailSender.defaultFrom
) async throws -> some ApplicationProtocol {
    let renderer = Renderer()
    let router = buildRouter(services: services, configuration: configuration, renderer: renderer)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(max(1, configuration.idleTimeoutSeconds))))),
        configuration: .init(address: .hostname(host, port: port), serverName: "Roundtable"),
        logger: logger)
    app.addServices(MaintenanceService(services: services, logger: logger))
    app.addServices(MailOutboxService(sender: MailSender(db: services.db, transport: mailTransport, from: mailFrom), logger: logger))
    app.addServices(MemberMailService(db: services.db, configuration: configuration.memberMail, logger: logger))
    return app
}
