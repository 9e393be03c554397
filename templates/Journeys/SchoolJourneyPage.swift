import Foundation
import Markdown

/// `/s/{slug}/journey`: where a school stands on each element of the journey, how it got
/// there, who is a step ahead, and the threads its members tagged with each element.
public struct SchoolJourneyPage: PageView {
    /// A stage set, now or in the history.
    public struct Standing: Sendable {
        public var stageNumber: Int
        public var stageName: String
        public var note: SanitizedHTML
        public var setBy: String?
        public var setAt: Date

        public init(stageNumber: Int, stageName: String, note: SanitizedHTML, setBy: String?, setAt: Date) {
            self.stageNumber = stageNumber
            self.stageName = stageName
            self.note = note
            self.setBy = setBy
            self.setAt = setAt
        }
    }

    public struct Element: Sendable {
        public var slug: String
        public var name: String
        public var description: String
        public var stages: [String]
        public var current: Standing?
        /// The note as last written, for the form.
        public var noteSource: String
        /// Newest first.
        public var history: [Standing]
        public var ahead: [JourneyPeer]
        public var threads: [ThreadRow]

        public init(slug: String, name: String, description: String, stages: [String], current: Standing?, noteSource: String,
                    history: [Standing], ahead: [JourneyPeer], threads: [ThreadRow]) {
            self.slug = slug
            self.name = name
            self.description = description
            self.stages = stages
            self.current = current
            self.noteSource = noteSource
            self.history = history
            self.ahead = ahead
            self.threads = threads
        }
    }

    /// What was sent when a change was refused: shown again in that element's form.
    public struct Submission: Sendable {
        public var element: String
        public var stage: String
        public var note: String
        public var errors: [String: String]

        public init(element: String, stage: String, note: String, errors: [String: String]) {
            self.element = element
            self.stage = stage
            self.note = note
            self.errors = errors
        }
    }

    public var schoolSlug: String
    public var schoolName: String
    public var leaders: [JourneyLeader]
    public var elements: [Element]
    public var canChange: Bool
    public var submission: Submission?
    public var title: String { "\(schoolName): journey" }

    public init(schoolSlug: String, schoolName: String, leaders: [JourneyLeader], elements: [Element], canChange: Bool,
                submission: Submission? = nil) {
        self.schoolSlug = schoolSlug
        self.schoolName = schoolName
        self.leaders = leaders
        self.elements = elements
        self.canChange = canChange
        self.submission = submission
    }

    public var sizeHint: Int { 32 * 1024 }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let orphanError = submission.flatMap { submission in
            elements.contains { $0.slug == submission.element } ? nil : submission.errors["element"]
        }
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.schools)">Schools</a> › <a href="\(SiteURL.school(.value(schoolSlug)))">\(schoolName)</a></nav>
        <h1>\(schoolName): journey toward mastery learning</h1>
        <p>Leadership team: \(JourneyLeader.list(leaders)). <a href="\(SiteURL.journeys)">Find schools at the same stage or a step ahead</a>.</p>
        \(FormParts.alerts(orphanError.map { [$0] } ?? []))
        """)
        if elements.isEmpty {
            html("<p>The journey's elements haven't been set up yet.</p>\n")
            return
        }
        html(map)
        for element in elements { html(section(element, viewer: viewer)) }
    }

    /// The whole journey at a glance: elements down, stages across, the school's stage named
    /// in words (not only coloured), so a screen reader reads it as a table.
    private var map: HTML {
        let columns = elements.map(\.stages.count).max() ?? 0
        var rows: [HTML] = []
        for element in elements {
            var cells: [HTML] = []
            for (index, stage) in element.stages.enumerated() {
                let number = index + 1
                let current = element.current?.stageNumber
                if number == current {
                    cells.append("<td class=\"journey-current\"><strong>\(stage)</strong> <span class=\"journey-here\">(current stage)</span></td>")
                } else if let current, number < current {
                    cells.append("<td class=\"journey-done\">\(stage) <span class=\"visually-hidden\">(passed)</span></td>")
                } else {
                    cells.append("<td>\(stage)</td>")
                }
            }
            for _ in element.stages.count..<max(columns, element.stages.count) { cells.append("<td></td>") }
            let status: HTML = element.current.map { (standing) -> HTML in "Stage \(standing.stageNumber) of \(element.stages.count)" } ?? "Not set yet"
            rows.append("""
              <tr><th scope="row"><a href="#element-\(element.slug)">\(element.name)</a><br><span class="meta">\(status)</span></th>\(HTML.join(cells))</tr>

            """)
        }
        let headers = HTML.join((0..<columns).map { "<th scope=\"col\">Stage \($0 + 1)</th>" })
        return """
        <div class="journey-map-wrap">
        <table class="journey-map">
          <caption>Where \(schoolName) stands: one row per element, stages from first to last; the current stage is marked.</caption>
          <thead><tr><th scope="col">Element</th>\(headers)</tr></thead>
          <tbody>
        \(HTML.join(rows))  </tbody>
        </table>
        </div>

        """
    }

    private func section(_ element: Element, viewer: Viewer) -> HTML {
        let current: HTML
        if let standing = element.current {
            current = """
            <p class="journey-stage">Current stage: <strong>\(standing.stageNumber). \(standing.stageName)</strong> <span class="meta">set by \(by(standing)) \(HTML.time(standing.setAt))</span></p>
            \(if: !standing.note.html.isEmpty, "<div class=\"post-body journey-note\">\(standing.note)</div>\n")
            """
        } else {
            current = "<p class=\"journey-stage\">No stage set yet.</p>\n"
        }
        let ahead: HTML = element.ahead.isEmpty
            ? (element.current == nil ? "<p class=\"muted\">Set a stage to see the schools ahead.</p>\n"
                : "<p class=\"muted\">No school is ahead on this element yet.</p>\n")
            : "<ul class=\"journey-peers\">\n\(HTML.join(element.ahead.map(\.html)))</ul>\n"
        let threads: HTML = element.threads.isEmpty ? "<p class=\"muted\">No threads by its members on this element yet.</p>\n"
            : "<ul class=\"thread-list\">\n\(HTML.join(element.threads.map(\.html)))</ul>\n"
        let history: HTML = element.history.isEmpty ? .empty : """
            <details class="journey-history"><summary>History (\(Format.count(element.history.count, "change")))</summary>
            <ol reversed>
            \(HTML.join(element.history.map { (change) -> HTML in
                "<li><strong>\(change.stageNumber). \(change.stageName)</strong> <span class=\"meta\">by \(by(change)) \(HTML.time(change.setAt))</span>\(if: !change.note.html.isEmpty, "<div class=\"post-body journey-note\">\(change.note)</div>")</li>\n"
            }))</ol>
            </details>

            """
        return """
        <section class="journey-element" id="element-\(element.slug)" aria-labelledby="heading-\(element.slug)">
          <h2 id="heading-\(element.slug)">\(element.name)</h2>
          \(if: !element.description.isEmpty, "<p class=\"muted\">\(element.description)</p>")
          \(current)\(history)<h3>Schools a step ahead on this element</h3>
          \(ahead)<p><a href="\(SiteURL.journeys.path(query: ["element": element.slug, "stage": String(element.current?.stageNumber ?? 1)]))">All schools at this stage and beyond</a></p>
          <h3>Recent threads by its members on this element</h3>
          \(threads)\(if: canChange, form(element, csrf: viewer.csrfField))</section>

        """
    }

    private func by(_ standing: Standing) -> HTML {
        guard let username = standing.setBy else { return "a former member" }
        return "<a href=\"\(SiteURL.profile(.value(username)))\">\(username)</a>"
    }

    private func form(_ element: Element, csrf: HTML) -> HTML {
        let sent = submission?.element == element.slug ? submission : nil
        let chosen = sent?.stage ?? element.current.map { String($0.stageNumber) } ?? ""
        let note = sent?.note ?? element.noteSource
        let stageError = sent?.errors["stage"]
        let noteError = sent?.errors["note"]
        let radios = HTML.join(element.stages.enumerated().map { (index, stage) -> HTML in
            let value = String(index + 1)
            return "<label class=\"choice\"><input type=\"radio\" name=\"stage\" value=\"\(value)\"\(if: value == chosen, " checked")> \(value). \(stage)</label>\n"
        })
        return """
        <form method="post" action="\(SiteURL.schoolJourney(.value(schoolSlug)))" class="stacked-form journey-form">
          \(csrf)
          <input type="hidden" name="element" value="\(element.slug)">
          <fieldset\(if: stageError != nil, " aria-describedby=\"stage-\(element.slug)-error\"")>
            <legend>Update the stage on \(element.name)</legend>
            \(if: stageError != nil, "<p class=\"field-error\" id=\"stage-\(element.slug)-error\" role=\"alert\">\(stageError)</p>")
            \(radios)</fieldset>
          <label for="note-\(element.slug)">Note (Markdown): what you did, what you learned, what's next</label>
          \(if: noteError != nil, "<p class=\"field-error\" id=\"note-\(element.slug)-error\" role=\"alert\">\(noteError)</p>")
          <textarea id="note-\(element.slug)" name="note" rows="4" maxlength="5000"\(if: noteError != nil, " aria-invalid=\"true\" aria-describedby=\"note-\(element.slug)-error\"")>\(note)</textarea>
          <button type="submit">Save \(element.name)</button>
        </form>

        """
    }
}
