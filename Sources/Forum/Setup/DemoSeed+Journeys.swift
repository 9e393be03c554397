import Postgres

/// The demo's journeys (issue 14): elements with stages in our own words, leadership teams,
/// schools at different stages with notes, and threads tagged with elements that go back and
/// forth, so a newcomer's first look is a network in use.
extension DemoSeed {
    static let journeyElements: [(slug: String, name: String, description: String, stages: [String])] = [
        ("competencies", "Competencies and learning outcomes",
         "What students should know and be able to do, written down and shared across subjects.",
         ["Exploring", "Drafting", "Piloting", "Adopting school-wide", "Refining"]),
        ("assessment", "Assessment and grading",
         "Evidence of learning against the competencies, and grades that report it.",
         ["Exploring", "Planning", "Piloting", "Scaling", "Sustaining"]),
        ("student-agency", "Student agency and pacing",
         "Students choose how they show learning and move on when ready, with support when they are not.",
         ["Exploring", "Planning", "Piloting", "Scaling", "Sustaining"]),
        ("transcripts", "Transcripts and reporting",
         "What families, colleges and employers receive, and how it explains mastery.",
         ["Exploring", "Designing", "Piloting", "Adopted"]),
        ("professional-learning", "Professional learning",
         "How teachers learn the new practices together: coaching, observation, shared planning time.",
         ["Exploring", "Planning", "Practising", "Leading others"]),
    ]

    /// Needs the demo's members (`ada` is the admin who sets the journey up).
    func loadJourneys(_ members: [String: Member]) async throws {
        guard let ada = members["ada"], let maya = members["maya"], let sam = members["sam"], let lee = members["lee"],
              let priya = members["priya"]
        else { return }
        let directory = services.directory
        try await directory.createSchool(slug: "cedar-valley", name: "Cedar Valley Elementary",
                                         description: "A K–5 school using learning progressions in reading and math.")
        try await directory.createSchool(slug: "lakeside-community", name: "Lakeside Community School",
                                         description: "A small 6–12 school, mastery-based from its founding.")
        let omar = try await services.accounts.create(.init(
            email: "omar@cedarvalley.example", username: "omar", name: "Omar Haddad", role: .member,
            schoolSlug: "cedar-valley", password: "demo-member-pass-2026"))
        let grace = try await services.accounts.create(.init(
            email: "grace@lakeside.example", username: "grace", name: "Grace Mbeki", role: .member,
            schoolSlug: "lakeside-community", password: "demo-member-pass-2026"))

        for (index, element) in Self.journeyElements.enumerated() {
            try await services.journeyElements.save(.init(
                slug: element.slug, name: element.name, description: element.description, position: String(index + 1),
                stages: element.stages.joined(separator: "\n")), by: ada)
        }
        for (school, username) in [("harbor-middle", "ada"), ("harbor-middle", "lee"), ("northfield-academy", "priya"),
                                   ("riverbend-high", "sam"), ("cedar-valley", "omar"), ("lakeside-community", "grace")] {
            try await services.leadership.change(schoolSlug: school, .init(username: username, action: "add"), by: ada)
        }

        // Each school's story, oldest change first, so the history reads as it happened.
        let stages: [(String, Member, String, Int, String)] = [
            ("riverbend-high", sam, "assessment", 1, "We read the network's guide as a leadership team and listed our grading practices."),
            ("riverbend-high", sam, "assessment", 2,
             "Science and English will pilot four-level rubrics next term. **Open question:** how to handle late work."),
            ("riverbend-high", sam, "competencies", 2, "First drafts for science; the other departments start in spring."),
            ("riverbend-high", sam, "student-agency", 1, "Talking to students about what *ready to move on* would mean."),
            ("harbor-middle", lee, "assessment", 3, "Grades 6 and 7 report on competencies; grade 8 keeps letter grades one more year."),
            ("harbor-middle", lee, "assessment", 4,
             "All three grades now report on competencies. Families asked most about high-school placement; see our thread on report cards."),
            ("harbor-middle", lee, "competencies", 4, "Twelve school-wide competencies, each with a one-page progression."),
            ("harbor-middle", ada, "professional-learning", 3, "Weekly 45-minute calibration meetings, rotating departments."),
            ("harbor-middle", lee, "transcripts", 2, "Drafting a one-page summary to go with the high-school application."),
            ("northfield-academy", priya, "transcripts", 3, "Piloting a competency transcript with twenty seniors and two partner colleges."),
            ("northfield-academy", priya, "assessment", 3, "Piloting in grades 9 and 10; the lower school follows in the autumn."),
            ("northfield-academy", priya, "professional-learning", 2, "Coaching cycles planned for every new teacher."),
            ("cedar-valley", omar, "student-agency", 3, "Flexible pacing in math for grades 3–5, with a weekly check-in."),
            ("cedar-valley", omar, "assessment", 2, "Planning report cards that show progressions instead of percentages."),
            ("lakeside-community", grace, "assessment", 5,
             "Mastery-based since we opened. What keeps it working: shared exemplars, and a calendar that leaves time to reassess."),
            ("lakeside-community", grace, "student-agency", 4, "Students set their own pace in every course; advisors meet them weekly."),
            ("lakeside-community", grace, "transcripts", 4, "Our transcript lists competencies with evidence; colleges have accepted it for six years."),
            ("lakeside-community", grace, "competencies", 5, "We revise the competencies every two years with students and families."),
        ]
        for (school, by, element, stage, note) in stages {
            try await services.journeys.update(schoolSlug: school, .init(element: element, stage: String(stage), note: note), by: by)
        }

        let discussions = services.discussions
        let latePolicy = try await discussions.startThread(
            by: sam, inCategory: "assessment", title: "Late work in a mastery system: what did you decide?",
            body: "We're piloting four-level rubrics in science and English. Teachers are split on late work: some want a penalty, others say lateness isn't evidence of learning.\n\nHow did your school settle it?",
            kind: .discussion, element: "assessment")
        _ = try await discussions.reply(by: grace, toThread: latePolicy.threadID, body:
            "We separate the two: the rubric score reports learning only, and habits (deadlines, preparation) are reported on their own scale. Families see both.")
        _ = try await discussions.reply(by: sam, toThread: latePolicy.threadID, body:
            "@grace that's helpful. Did teachers accept a separate habits scale, or did it feel like extra reporting?")
        _ = try await discussions.reply(by: grace, toThread: latePolicy.threadID, body:
            "Some grumbling the first term. It got easier once the habits scale had only three levels and a shared checklist.")
        _ = try await discussions.reply(by: lee, toThread: latePolicy.threadID, body:
            "Harbor did the same in year two. One warning: decide what happens at the end of term, or \"reassess any time\" turns into a rush in the last week.")
        _ = try await discussions.reply(by: sam, toThread: latePolicy.threadID, body:
            "Thanks both. We'll propose a habits scale and a reassessment window that closes two weeks before the end of term, and report back.")

        let transcript = try await discussions.startThread(
            by: priya, inCategory: "feedback", title: "Feedback wanted: our draft competency transcript",
            body: "Our one-page transcript lists each competency, the level reached and one piece of evidence.\n\n1. Is the evidence column useful to an admissions reader?\n2. Should we include a GPA equivalent at all?",
            kind: .feedback, element: "transcripts")
        let graceAnswer = try await discussions.reply(by: grace, toThread: transcript.threadID, body:
            "The evidence column is what admissions officers told us they read first. Keep it, but one line each.\n\nWe stopped printing a GPA equivalent in year three; two colleges asked for it, and we sent a short letter instead.")
        _ = try await discussions.reply(by: maya, toThread: transcript.threadID, body:
            "Agree with @grace. Consider a short key at the top that explains the levels in plain words.")
        _ = try await discussions.reply(by: priya, toThread: transcript.threadID, body:
            "Taking both suggestions: a one-line evidence column and a plain-words key. We'll keep the GPA equivalent for this pilot only and ask our partner colleges.")
        _ = try await services.posts.toggleAccepted(graceAnswer.postID, by: priya)

        let calibration = try await discussions.startThread(
            by: lee, inCategory: "general", title: "Calibration meetings: how often, and who runs them?",
            body: "We run 45-minute calibration meetings weekly, rotating departments. It works, but it's a lot of meeting time. How do other schools keep scoring consistent?",
            kind: .discussion, element: "professional-learning")
        _ = try await discussions.reply(by: omar, toThread: calibration.threadID, body:
            "At Cedar Valley we calibrate monthly, with a sample of five pieces of work per grade. Teachers bring the hardest-to-score one.")
        _ = try await discussions.reply(by: priya, toThread: calibration.threadID, body:
            "@lee we pair a new teacher with a coach for the first cycle; after that, twice a term seems enough for us.")
        _ = try await discussions.reply(by: lee, toThread: calibration.threadID, body:
            "Bringing the hardest case is a good idea, @omar. We'll try fortnightly with that rule next term.")

        let pacing = try await discussions.startThread(
            by: omar, inCategory: "general", title: "Flexible pacing in elementary math: keeping the class together",
            body: "Our grade 3–5 students move through math units at their own pace. The spread is now three units wide by spring. How do you keep some whole-class time?",
            kind: .discussion, element: "student-agency")
        _ = try await discussions.reply(by: grace, toThread: pacing.threadID, body:
            "We keep one whole-class problem a week that everyone can enter, whatever unit they're on. It keeps the class a class.")
        _ = try await discussions.reply(by: sam, toThread: pacing.threadID, body:
            "Following this: Riverbend is only exploring pacing, and this is the question our teachers ask first.")

        _ = try await discussions.startThread(
            by: sam, inCategory: "assessment", title: "Writing competencies teachers actually use",
            body: "Our science drafts run to two pages each. Harbor's are one page. What did you cut, @lee?",
            kind: .discussion, element: "competencies")
    }
}
