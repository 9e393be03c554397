import Forum
import Hummingbird
import Markdown
import Views

/// `/s/{slug}/journey`, a school's journey (its leaders and admins update it), and
/// `/journeys`, the peer-school finder.
struct JourneyController {
    let services: ForumServices
    let renderer: Renderer

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.schoolJourney(.key).route, use: show)
        router.post(SiteURL.schoolJourney(.key).route, use: update)
        router.get(SiteURL.journeys.route, use: finder)
    }

    private func page(slug: String, member: Member, submission: SchoolJourneyPage.Submission? = nil) async throws -> SchoolJourneyPage {
        let journey = try await services.journeys.school(slug: slug, for: member)
        return SchoolJourneyPage(
            schoolSlug: journey.school.slug, schoolName: journey.school.name, leaders: journey.leaders.map(JourneyLeader.init),
            elements: journey.elements.map { element in
                .init(slug: element.element.slug, name: element.element.name, description: element.element.description,
                      stages: element.element.stages.map(\.name), current: element.current.map(Self.standing),
                      noteSource: element.current?.noteSource ?? "", history: element.history.map(Self.standing),
                      ahead: element.ahead.map(JourneyPeer.init), threads: element.threads.map { ThreadRow($0, showCategory: true) })
            },
            canChange: journey.viewerMayChange, submission: submission)
    }

    static func standing(_ standing: Journeys.Standing) -> SchoolJourneyPage.Standing {
        .init(stageNumber: standing.stagePosition, stageName: standing.stageName,
              note: SanitizedHTML(storedRendering: standing.noteHTML), setBy: standing.setBy, setAt: standing.setAt)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        renderer.page(try await page(slug: try context.parameters.require("slug"), member: try context.member), context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let slug = try context.parameters.require("slug")
        let member = try context.member
        let fields = try context.form.decode(Journeys.Fields.self)
        do {
            try await services.journeys.update(schoolSlug: slug, fields, by: member)
            let anchor = (fields.element ?? "").trimmingCharacters(in: .whitespaces)
            return .seeOther(SiteURL.schoolJourney(.value(slug)).path(fragment: Slug.isValid(anchor) ? "element-" + anchor : nil))
        } catch let error as ValidationError {
            let submission = SchoolJourneyPage.Submission(
                element: fields.element ?? "", stage: fields.stage ?? "", note: fields.note ?? "", errors: error.messages)
            return renderer.page(try await page(slug: slug, member: member, submission: submission), context: context,
                                 status: .unprocessableContent)
        }
    }

    @Sendable func finder(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.formQuery
        let element = query["element"] ?? ""
        let stage = query["stage"] ?? ""
        do {
            let found = try await services.journeys.find(elementSlug: element, stage: stage)
            var choice: JourneysPage.Choice?
            if let chosen = found.element, let stage = found.stage {
                choice = .init(elementName: chosen.name, stageNumber: stage.position, stageName: stage.name,
                               atStage: found.atStage.map(JourneyPeer.init), ahead: found.ahead.map(JourneyPeer.init))
            }
            return renderer.page(JourneysPage(elements: found.elements.map(Self.option), element: element,
                                              stage: found.stage.map { String($0.position) } ?? stage, choice: choice),
                                 context: context)
        } catch let error as ValidationError {
            let elements = try await services.journeyElements.all()
            return renderer.page(JourneysPage(elements: elements.map(Self.option), element: element, stage: stage, choice: nil,
                                              errors: error.messages),
                                 context: context, status: .unprocessableContent)
        }
    }

    static func option(_ element: JourneyElement) -> JourneysPage.ElementOption {
        .init(slug: element.slug, name: element.name, stages: element.stages.map(\.name))
    }
}

extension JourneyLeader {
    init(_ person: JourneyPerson) {
        self.init(username: person.username, name: person.name)
    }
}

extension JourneyPeer {
    init(_ peer: Journeys.Peer) {
        self.init(slug: peer.slug, name: peer.name, stageNumber: peer.stagePosition, stageName: peer.stageName,
                  leaders: peer.leaders.map(JourneyLeader.init))
    }
}
