import Postgres

/// Demo content for a first look: schools, categories, members of several schools,
/// discussions with replies and an open feedback request. Loaded once.
public struct DemoSeed: Sendable {
    public struct Login: Sendable {
        public var role: Role
        public var email: String
        public var password: String
        public var username: String
    }

    public static let logins: [Login] = [
        Login(role: .admin, email: "ada@harbor.example", password: "demo-admin-pass-2026", username: "ada"),
        Login(role: .moderator, email: "maya@northfield.example", password: "demo-moderator-pass-2026", username: "maya"),
        Login(role: .member, email: "sam@riverbend.example", password: "demo-member-pass-2026", username: "sam"),
        Login(role: .member, email: "lee@harbor.example", password: "demo-member-pass-2026", username: "lee"),
        Login(role: .member, email: "priya@northfield.example", password: "demo-member-pass-2026", username: "priya"),
    ]

    let services: ForumServices

    public init(services: ForumServices) {
        self.services = services
    }

    /// Returns false (and changes nothing) when the demo content is already there.
    @discardableResult
    public func load() async throws -> Bool {
        let seeded = try await services.db.query("SELECT 1 FROM schools WHERE slug = 'harbor-middle'").count > 0
        if seeded { return false }
        let directory = services.directory
        try await directory.createSchool(slug: "harbor-middle", name: "Harbor Middle School",
                                         website: "https://harbor.example", description: "Grades 6–8, mastery-based since 2021.")
        try await directory.createSchool(slug: "northfield-academy", name: "Northfield Academy",
                                         description: "A K–12 school piloting competency transcripts.")
        try await directory.createSchool(slug: "riverbend-high", name: "Riverbend High School",
                                         description: "Project-based learning across a rural district.")
        try await directory.createCategory(slug: "general", name: "General",
                                           description: "Introductions, news and anything else.", position: 1)
        try await directory.createCategory(slug: "assessment", name: "Assessment & Grading",
                                           description: "Rubrics, standards-based grading and transcripts.", position: 2)
        try await directory.createCategory(slug: "feedback", name: "Feedback Exchange",
                                           description: "Share your work and ask colleagues for feedback.", position: 3)
        try await directory.createCategory(slug: "moderators", name: "Moderators' Room",
                                           description: "Private to moderators and admins.", position: 9, visibility: .moderators)

        let people: [(Login, String, String)] = [
            (Self.logins[0], "Ada Okafor", "harbor-middle"),
            (Self.logins[1], "Maya Lindqvist", "northfield-academy"),
            (Self.logins[2], "Sam Ortega", "riverbend-high"),
            (Self.logins[3], "Lee Chen", "harbor-middle"),
            (Self.logins[4], "Priya Nair", "northfield-academy"),
        ]
        var members: [String: Member] = [:]
        for (login, name, school) in people {
            members[login.username] = try await services.accounts.create(.init(
                email: login.email, username: login.username, name: name, role: login.role,
                schoolSlug: school, password: login.password))
        }
        let discussions = services.discussions
        let welcome = try await discussions.startThread(
            by: members["ada"]!, inCategory: "general", title: "Welcome to Roundtable",
            body: "Hello everyone!\n\nThis is the network's space to compare notes across schools. Introduce yourself below: your school, your role, and one thing you're working on this term.",
            kind: .discussion)
        _ = try await discussions.reply(by: members["sam"]!, toThread: welcome.threadID,
                                        body: "Sam from Riverbend, 10th grade science. This term: moving our labs to mastery checkpoints.")
        _ = try await discussions.reply(by: members["priya"]!, toThread: welcome.threadID,
                                        body: "Priya, instructional coach at Northfield. Working on a shared vocabulary for our competencies.")
        let grading = try await discussions.startThread(
            by: members["lee"]!, inCategory: "assessment", title: "How do you report mastery to parents?",
            body: "We're dropping letter grades next year. What did your first report card look like, and what did families ask about?",
            kind: .discussion)
        _ = try await discussions.reply(by: members["maya"]!, toThread: grading.threadID,
                                        body: "We send a one-page summary per competency with a 1–4 scale and a short comment.\nFamilies mostly asked how it maps to college applications.")
        _ = try await discussions.startThread(
            by: members["sam"]!, inCategory: "feedback", title: "Feedback wanted: lab report rubric (grade 10)",
            body: "Here is the draft rubric for our lab reports, four criteria with four levels each.\n\nIs \"Analysis\" too broad? Would you split it?",
            kind: .feedback)
        _ = try await discussions.startThread(
            by: members["maya"]!, inCategory: "moderators", title: "Moderation guidelines draft",
            body: "Let's agree on when we hide posts versus lock threads.", kind: .discussion)
        try await loadJourneys(members)
        return true
    }
}
