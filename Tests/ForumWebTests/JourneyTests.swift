import Forum
import Foundation
import HTTPTypes
import Testing
import TestSupport

/// A journey on the usual fixture: two elements, a third school, and leaders for each school
/// (sam leads Harbor, lee leads Riverbend, omar leads Cedar).
struct JourneyFixture {
    var base: Fixture
    var omar: Member
    /// A member of Harbor who doesn't lead it.
    var kim: Member

    static func load(_ forum: TestForum) async throws -> JourneyFixture {
        let services = forum.services
        let base = try await Fixture.load(services)
        try await services.directory.createSchool(slug: "cedar", name: "Cedar Valley")
        let omar = try await makeMember(services, username: "omar", school: "cedar")
        let kim = try await makeMember(services, username: "kim", school: "harbor")
        try await services.journeyElements.save(.init(
            slug: "assessment", name: "Assessment and grading", position: "1",
            stages: "Exploring\nPlanning\nPiloting\nScaling\nSustaining"), by: base.admin)
        try await services.journeyElements.save(.init(
            slug: "transcripts", name: "Transcripts and reporting", position: "2",
            stages: "Exploring\nDesigning\nPiloting\nAdopted"), by: base.admin)
        for (school, username) in [("harbor", "sam"), ("riverbend", "lee"), ("cedar", "omar")] {
            try await services.leadership.change(schoolSlug: school, .init(username: username, action: "add"), by: base.admin)
        }
        return JourneyFixture(base: base, omar: omar, kim: kim)
    }

    func set(_ forum: TestForum, school: String, element: String = "assessment", stage: Int, note: String = "", by member: Member) async throws {
        try await forum.services.journeys.update(schoolSlug: school, .init(element: element, stage: String(stage), note: note), by: member)
    }
}

extension Page {
    /// Where `text` first appears, for checking the order of things on a page.
    func offset(of text: String) -> Int? {
        html.range(of: text).map { html.distance(from: html.startIndex, to: $0.lowerBound) }
    }
}

func journeyChangeCount(_ forum: TestForum) async throws -> Int {
    try await forum.services.db.query("SELECT count(*) FROM school_journey_changes")[0].decode(0)
}

@Suite struct SchoolJourneyTests {
    @Test func onlyTheSchoolsLeadersAndAdminsChangeItsJourney() async throws {
        try await withForum { forum in
            let fixture = try await JourneyFixture.load(forum)
            let fields = ["element": "assessment", "stage": "2", "note": "Planning with **two** departments."]

            let anonymous = forum.browser()
            try await anonymous.get("/login")
            let refused = try await anonymous.post("/s/harbor/journey", fields)
            #expect(refused.status == .seeOther)
            #expect(refused.location?.hasPrefix("/login") == true)

            for (email, school) in [("kim@example.org", "harbor"), ("lee@example.org", "harbor"), ("maya@example.org", "harbor"),
                                    ("sam@example.org", "riverbend")] {
                let browser = forum.browser()
                try await browser.signIn(email)
                let page = try await browser.get("/s/\(school)/journey")
                #expect(page.status == .ok, "\(email)")
                #expect(!page.contains("Update the stage on"), "\(email) sees no form")
                #expect(try await browser.post("/s/\(school)/journey", fields).status == .forbidden, "\(email) on \(school)")
            }
            #expect(try await journeyChangeCount(forum) == 0)

            let leader = forum.browser()
            try await leader.signIn("sam@example.org")
            #expect(try await leader.get("/s/harbor/journey").contains("Update the stage on Assessment and grading"))
            let saved = try await leader.post("/s/harbor/journey", fields)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/s/harbor/journey#element-assessment")
            let page = try await leader.get("/s/harbor/journey")
            #expect(page.contains("<strong>2. Planning</strong>"))
            #expect(page.contains("Planning with <strong>two</strong> departments."))
            #expect(try await leader.post("/s/nowhere/journey", fields).status == .notFound)

            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            #expect(try await admin.post("/s/riverbend/journey", ["element": "assessment", "stage": "1"]).status == .seeOther)
            #expect(try await journeyChangeCount(forum) == 2)
        }
    }

    @Test func badElementsStagesAndNotesAre422AndChangeNothing() async throws {
        try await withForum { forum in
            _ = try await JourneyFixture.load(forum)
            let leader = forum.browser()
            try await leader.signIn("sam@example.org")
            let cases: [[String: String]] = [
                ["element": "assessment", "stage": "0"],
                ["element": "assessment", "stage": "6"],
                ["element": "transcripts", "stage": "5"],
                ["element": "assessment", "stage": "two"],
                ["element": "assessment", "stage": "99999999999999999999999"],
                ["element": "assessment", "stage": "-1"],
                ["element": "assessment"],
                ["element": "nope", "stage": "1"],
                ["stage": "1"],
                ["element": "assessment", "stage": "1", "note": String(repeating: "a", count: 5_001)],
            ]
            for fields in cases {
                let page = try await leader.post("/s/harbor/journey", fields.merging(["note": "kept note"]) { old, _ in old })
                #expect(page.status == .unprocessableContent, "\(fields.mapValues { $0.prefix(30) })")
                #expect(!page.alerts.isEmpty, "\(fields.mapValues { $0.prefix(30) })")
            }
            let page = try await leader.post("/s/harbor/journey", ["element": "assessment", "stage": "9", "note": "kept <note>"])
            #expect(page.contains("kept &lt;note&gt;</textarea>"))
            #expect(try await journeyChangeCount(forum) == 0)
        }
    }

    @Test func historyIsNewestFirstAndEveryChangeIsInTheModerationLog() async throws {
        try await withForum { forum in
            let fixture = try await JourneyFixture.load(forum)
            for (stage, note) in [(1, "first note"), (2, "second note"), (3, "third note <script>alert(1)</script>")] {
                try await fixture.set(forum, school: "harbor", stage: stage, note: note, by: fixture.base.member)
            }
            let viewer = forum.browser()
            try await viewer.signIn("lee@example.org")
            let page = try await viewer.get("/s/harbor/journey")
            #expect(!page.contains("<script>alert"))
            let history = try #require(page.offset(of: "History (3 changes)"))
            let third = try #require(page.offset(of: "<strong>3. Piloting</strong> <span class=\"meta\">by"))
            let second = try #require(page.offset(of: "<strong>2. Planning</strong>"))
            let first = try #require(page.offset(of: "<strong>1. Exploring</strong>"))
            #expect(history < third && third < second && second < first)
            #expect(page.contains("<td class=\"journey-current\"><strong>Piloting</strong> <span class=\"journey-here\">(current stage)</span></td>"))
            #expect(page.contains("<caption>"))

            #expect(try await logCount(forum, action: "journey.update") == 3)
            let moderator = forum.browser()
            try await moderator.signIn("maya@example.org")
            let log = try await moderator.get("/mod/log?action=journey.update")
            #expect(log.contains("Harbor Middle School: Assessment and grading → Piloting (stage 3 of 5)"))
        }
    }

    @Test func theFinderListsSchoolsAtAndAheadNearestFirstAtTheEdges() async throws {
        try await withForum { forum in
            let fixture = try await JourneyFixture.load(forum)
            try await fixture.set(forum, school: "harbor", stage: 2, by: fixture.base.member)
            try await fixture.set(forum, school: "riverbend", stage: 3, by: fixture.base.other)
            try await fixture.set(forum, school: "cedar", stage: 5, by: fixture.omar)
            let browser = forum.browser()
            try await browser.signIn("kim@example.org")

            let first = try await browser.get("/journeys?element=assessment&stage=1")
            #expect(first.status == .ok)
            #expect(first.contains("No school is at this stage yet."))
            let harbor = try #require(first.offset(of: ">Harbor Middle School</a>, stage 2"))
            let riverbend = try #require(first.offset(of: ">Riverbend High</a>, stage 3"))
            let cedar = try #require(first.offset(of: ">Cedar Valley</a>, stage 5"))
            #expect(harbor < riverbend && riverbend < cedar)
            #expect(first.contains("href=\"/messages/new?to=lee\""))
            #expect(first.contains("href=\"/messages/new?to=omar\""))

            let last = try await browser.get("/journeys?element=assessment&stage=5")
            #expect(last.contains(">Cedar Valley</a>, stage 5"))
            #expect(!last.contains(">Riverbend High</a>"))
            #expect(last.contains("No school is past this stage yet."))

            let middle = try await browser.get("/journeys?element=assessment&stage=3")
            let at = try #require(middle.offset(of: ">Riverbend High</a>, stage 3"))
            let ahead = try #require(middle.offset(of: "A step or more ahead"))
            #expect(at < ahead)
            #expect(try #require(middle.offset(of: ">Cedar Valley</a>, stage 5")) > ahead)
            #expect(!middle.contains(">Harbor Middle School</a>, stage"))

            let none = try await browser.get("/journeys?element=transcripts&stage=1")
            #expect(none.contains("No school is at this stage yet.") && none.contains("No school is past this stage yet."))

            for query in ["element=nope&stage=1", "element=assessment&stage=0", "element=assessment&stage=6",
                          "element=transcripts&stage=5", "element=assessment&stage=1e9"] {
                let page = try await browser.get("/journeys?\(query)")
                #expect(page.status == .unprocessableContent, "\(query)")
                #expect(!page.alerts.isEmpty, "\(query)")
            }
            #expect(try await browser.get("/journeys").status == .ok)

            // From Harbor's own page: the schools a step ahead, nearest first, with links to write.
            let journey = try await browser.get("/s/harbor/journey")
            let next = try #require(journey.offset(of: ">Riverbend High</a>, stage 3: Piloting"))
            let later = try #require(journey.offset(of: ">Cedar Valley</a>, stage 5: Sustaining"))
            #expect(next < later)
            #expect(journey.contains("Set a stage to see the schools ahead."), "Harbor has no stage on transcripts")
            let cedarPage = try await browser.get("/s/cedar/journey")
            #expect(cedarPage.contains("No school is ahead on this element yet."))
        }
    }

    @Test func threadsTaggedWithAnElementFilterTheCategoryAndShowOnTheSchoolsJourney() async throws {
        try await withForum { forum in
            _ = try await JourneyFixture.load(forum)
            let sam = forum.browser()
            try await sam.signIn("sam@example.org")
            let form = try await sam.get("/c/general/new")
            #expect(form.contains("<option value=\"assessment\">Assessment and grading</option>"))
            let tagged = try await sam.post("/c/general/new", ["title": "Rubrics for late work", "body": "How?", "element": "assessment"])
            #expect(tagged.status == .seeOther)
            #expect(try await sam.post("/c/general/new", ["title": "Untagged thread", "body": "Hello", "element": ""]).status == .seeOther)
            let refused = try await sam.post("/c/general/new", ["title": "Bad tag", "body": "Hello", "element": "nope"])
            #expect(refused.status == .unprocessableContent)
            #expect(!refused.alerts.isEmpty)
            #expect(refused.contains("value=\"Bad tag\""))

            let all = try await sam.get("/c/general")
            #expect(all.contains("Rubrics for late work") && all.contains("Untagged thread"))
            let filtered = try await sam.get("/c/general?element=assessment")
            #expect(filtered.contains("Rubrics for late work"))
            #expect(!filtered.contains("Untagged thread"))
            #expect(filtered.contains("<option value=\"assessment\" selected>"))
            let other = try await sam.get("/c/general?element=transcripts")
            #expect(!other.contains("Rubrics for late work"))
            #expect(other.contains("No threads on this element here yet."))
            #expect(try await sam.get("/c/general?element=nope").status == .ok)

            let journey = try await sam.get("/s/harbor/journey")
            #expect(journey.contains("Rubrics for late work"))
            #expect(!journey.contains("Untagged thread"))
            #expect(!(try await sam.get("/s/riverbend/journey")).contains("Rubrics for late work"))
        }
    }

    @Test func adminsNameLeadersWhoMustBelongToTheSchool() async throws {
        try await withForum { forum in
            let fixture = try await JourneyFixture.load(forum)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            let bad: [[String: String]] = [
                ["username": "lee", "action": "add"],        // a member of Riverbend
                ["username": "nobody", "action": "add"],
                ["username": "", "action": "add"],
                ["username": "kim", "action": "promote"],
                ["username": "kim"],
                ["username": "kim", "action": "remove"],     // not a leader
                ["username": "sam", "action": "add"],        // already one
            ]
            for fields in bad {
                let page = try await admin.post("/admin/schools/harbor/leaders", fields)
                #expect(page.status == .unprocessableContent, "\(fields)")
                #expect(!page.alerts.isEmpty, "\(fields)")
            }
            #expect(try await admin.post("/admin/schools/nowhere/leaders", ["username": "kim", "action": "add"]).status == .notFound)
            let added = try await admin.post("/admin/schools/harbor/leaders", ["username": "kim", "action": "add"])
            #expect(added.status == .seeOther)
            let schoolID: Int = try await forum.services.db.query("SELECT id FROM schools WHERE slug = 'harbor'")[0].decode(0)
            #expect(added.location == "/admin/schools/\(schoolID)")
            #expect(try await admin.get("/admin/schools/\(schoolID)").contains("Remove from the team"))
            #expect(try await admin.get("/s/harbor").contains(
                "<h2 id=\"leaders-heading\">Leadership team</h2>\n  <p><a href=\"/u/kim\">Kim</a>, <a href=\"/u/sam\">Sam</a></p>"))
            #expect(try await logCount(forum, action: "school.leader.add") == 4)

            // The new leader may now change the journey; once removed, no longer.
            let kim = forum.browser()
            try await kim.signIn("kim@example.org")
            #expect(try await kim.post("/s/harbor/journey", ["element": "assessment", "stage": "1"]).status == .seeOther)
            #expect(try await admin.post("/admin/schools/harbor/leaders", ["username": "kim", "action": "remove"]).status == .seeOther)
            #expect(try await kim.post("/s/harbor/journey", ["element": "assessment", "stage": "2"]).status == .forbidden)
            #expect(try await logCount(forum, action: "school.leader.remove") == 1)

            let member = forum.browser()
            try await member.signIn("sam@example.org")
            #expect(try await member.post("/admin/schools/harbor/leaders", ["username": "kim", "action": "add"]).status == .notFound)
            _ = fixture
        }
    }

    @Test func adminsRenameAndReorderStagesButCantDropOneSchoolsStandOn() async throws {
        try await withForum { forum in
            let fixture = try await JourneyFixture.load(forum)
            try await fixture.set(forum, school: "harbor", stage: 3, by: fixture.base.member)
            let admin = forum.browser()
            try await admin.signIn("ada@example.org")
            let elementID: Int = try await forum.services.db.query(
                "SELECT id FROM journey_elements WHERE slug = 'assessment'")[0].decode(0)
            let edit = try await admin.get("/admin/journey?element=\(elementID)")
            #expect(edit.contains("Exploring\nPlanning\nPiloting\nScaling\nSustaining</textarea>"))

            let base = ["element": String(elementID), "slug": "assessment", "name": "Assessment and grading", "position": "1"]
            let dropped = try await admin.post("/admin/journey", base.merging(["stages": "Exploring\nPlanning\nScaling\nSustaining"]) { $1 })
            #expect(dropped.status == .unprocessableContent)
            #expect(dropped.alerts.contains { $0.contains("“Piloting”") && $0.contains("be removed: 1 school stands on it") })

            // Piloting renamed on its line and moved first: Harbor follows it.
            let renamed = try await admin.post("/admin/journey", base.merging(["stages": "Trying it out\nExploring\nPlanning\nScaling\nSustaining"]) { $1 })
            #expect(renamed.status == .unprocessableContent, "a rename keeps its line's place; a moved line keeps its name")
            let kept = try await admin.post("/admin/journey", base.merging(["stages": "Exploring\nPlanning\nTrying it out\nScaling\nSustaining"]) { $1 })
            #expect(kept.status == .seeOther)
            let reordered = try await admin.post("/admin/journey", base.merging(["stages": "Trying it out\nExploring\nPlanning\nSustaining"]) { $1 })
            #expect(reordered.status == .seeOther, "Scaling had no school on it")
            let journey = try await admin.get("/s/harbor/journey")
            #expect(journey.contains("Current stage: <strong>1. Trying it out</strong>"))
            #expect(journey.contains("<strong>3. Piloting</strong>"), "the history keeps the stage as it was")

            for (fields, field) in [(["stages": ""], "stages"), (["stages": "A\na"], "stages"), (["slug": "Bad Slug", "stages": "A"], "slug"),
                                    (["name": "", "stages": "A"], "name"), (["stages": String(repeating: "S\n", count: 13)], "stages")] {
                let page = try await admin.post("/admin/journey", ["slug": "new-one", "name": "New"].merging(fields) { $1 })
                #expect(page.status == .unprocessableContent, "\(field)")
                #expect(!page.alerts.isEmpty, "\(field)")
            }
            let duplicate = try await admin.post("/admin/journey", ["slug": "assessment", "name": "Again", "stages": "A"])
            #expect(duplicate.status == .unprocessableContent)
            #expect(try await logCount(forum, action: "journey.element.update") == 2)

            let member = forum.browser()
            try await member.signIn("sam@example.org")
            #expect(try await member.get("/admin/journey").status == .notFound)
        }
    }
}
