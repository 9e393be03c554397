/// `/journeys`: the peer-school finder. Pick an element and a stage; see the schools at that
/// stage (to compare notes) and those past it (to learn from), nearest first.
public struct JourneysPage: PageView {
    public struct ElementOption: Sendable {
        public var slug: String
        public var name: String
        public var stages: [String]

        public init(slug: String, name: String, stages: [String]) {
            self.slug = slug
            self.name = name
            self.stages = stages
        }
    }

    /// The chosen element and stage, once they are valid.
    public struct Choice: Sendable {
        public var elementName: String
        public var stageNumber: Int
        public var stageName: String
        public var atStage: [JourneyPeer]
        public var ahead: [JourneyPeer]

        public init(elementName: String, stageNumber: Int, stageName: String, atStage: [JourneyPeer], ahead: [JourneyPeer]) {
            self.elementName = elementName
            self.stageNumber = stageNumber
            self.stageName = stageName
            self.atStage = atStage
            self.ahead = ahead
        }
    }

    public var title: String { "Find peer schools" }
    public var elements: [ElementOption]
    public var element: String
    public var stage: String
    public var choice: Choice?
    public var errors: [String: String]

    public init(elements: [ElementOption], element: String, stage: String, choice: Choice?, errors: [String: String] = [:]) {
        self.elements = elements
        self.element = element
        self.stage = stage
        self.choice = choice
        self.errors = errors
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let options = [SelectOption(value: "", label: "Choose an element", selected: element.isEmpty)]
            + elements.map { SelectOption(value: $0.slug, label: $0.name, selected: $0.slug == element) }
        html("""
        <h1>Find peer schools</h1>
        <p>Choose an element of the journey and a stage: see the schools at that stage, to compare notes, and the schools a step or more ahead, to learn from. Each comes with its leadership team and a link to write to them.</p>
        <form method="get" action="\(SiteURL.journeys)" class="stacked-form filters">
          <label for="element">Element</label>
          \(FormParts.error("element", errors["element"]))
          <select id="element" name="element"\(FormParts.invalid("element", errors["element"]))>\(SelectOption.html(options))</select>
          <label for="stage">Stage (number, 1 is the first)</label>
          \(FormParts.error("stage", errors["stage"]))
          <input id="stage" name="stage" type="number" min="1" max="12" value="\(stage)"\(FormParts.invalid("stage", errors["stage"]))>
          <button type="submit">Find schools</button>
        </form>

        """)
        if let choice {
            html("""
            <section aria-labelledby="at-heading">
              <h2 id="at-heading">At stage \(choice.stageNumber), \(choice.stageName), on \(choice.elementName)</h2>
              \(peers(choice.atStage, none: "No school is at this stage yet."))</section>
            <section aria-labelledby="ahead-heading">
              <h2 id="ahead-heading">A step or more ahead, nearest first</h2>
              \(peers(choice.ahead, none: "No school is past this stage yet."))</section>

            """)
        }
        html("<section aria-labelledby=\"stages-heading\">\n  <h2 id=\"stages-heading\">The journey's elements and stages</h2>\n")
        if elements.isEmpty { html("  <p>The journey's elements haven't been set up yet.</p>\n") }
        for option in elements {
            html("  <h3>\(option.name)</h3>\n  <ol class=\"journey-stage-links\">\n")
            for (index, stage) in option.stages.enumerated() {
                html("    <li><a href=\"\(SiteURL.journeys.path(query: ["element": option.slug, "stage": String(index + 1)]))\">\(stage)</a></li>\n")
            }
            html("  </ol>\n")
        }
        html("</section>\n")
    }

    private func peers(_ peers: [JourneyPeer], none: String) -> HTML {
        peers.isEmpty ? "<p class=\"muted\">\(none)</p>\n" : "<ul class=\"journey-peers\">\n\(HTML.join(peers.map(\.html)))</ul>\n"
    }
}
