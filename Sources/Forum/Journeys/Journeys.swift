import Foundation
import Markdown
import Postgres

/// Each school's journey: its stage per element with a note, the history of changes, the
/// schools ahead of it, and the peer-school finder. Leaders of the school and admins change it
/// (`Policy.canChangeJourney`); every change goes to the moderation log.
public struct Journeys: Sendable {
    public static let maxNoteLength = 5_000
    static let historyLimit = 1_000
    static let aheadPerElement = 3
    static let threadsPerElement = 5

    let db: PostgresClient
    let renderer: any PostRenderer

    public init(db: PostgresClient, renderer: any PostRenderer) {
        self.db = db
        self.renderer = renderer
    }

    public struct SchoolRef: Sendable {
        public var id: Int
        public var slug: String
        public var name: String
    }

    /// Where a school stands on one element now, or where it stood after one change.
    public struct Standing: Sendable {
        public var stagePosition: Int
        public var stageName: String
        public var noteHTML: String
        /// The Markdown as written: only for the current stage (history keeps the rendering).
        public var noteSource: String
        public var setBy: String?
        public var setAt: Date
    }

    /// Another school on an element, with its leaders to write to.
    public struct Peer: Sendable {
        public var slug: String
        public var name: String
        public var stagePosition: Int
        public var stageName: String
        public var setAt: Date
        public var leaders: [JourneyPerson]
    }

    public struct ElementJourney: Sendable {
        public var element: JourneyElement
        public var current: Standing?
        /// Newest first.
        public var history: [Standing]
        /// Nearest first.
        public var ahead: [Peer]
        public var threads: [ThreadSummary]
    }

    public struct SchoolJourney: Sendable {
        public var school: SchoolRef
        public var leaders: [JourneyPerson]
        public var viewerMayChange: Bool
        public var elements: [ElementJourney]
    }

    static func school(slug: String, on connection: PostgresConnection) throws -> SchoolRef {
        guard let row = try connection.query("SELECT id, slug, name FROM schools WHERE slug = $1", [slug]).first
        else { throw NotFound() }
        return SchoolRef(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"))
    }

    /// The school's journey page: a fixed number of queries whatever the journey's length.
    public func school(slug: String, for viewer: Member) async throws -> SchoolJourney {
        let moderator = viewer.role.canModerate
        return try await db.withConnection { connection in
            let school = try Self.school(slug: slug, on: connection)
            let leaders = try Leadership.leaders(schoolID: school.id, on: connection)
            let mayChange = Policy.canChangeJourney(viewer, isLeaderOfSchool: leaders.contains { $0.username == viewer.username })
            let elements = try JourneyElements.all(on: connection)
            var current: [Int: Standing] = [:]
            for row in try connection.query("""
                SELECT sj.element_id, st.position, st.name, sj.note_html, sj.note_source, u.username, sj.set_at
                FROM school_journeys sj JOIN journey_stages st ON st.id = sj.stage_id LEFT JOIN users u ON u.id = sj.set_by
                WHERE sj.school_id = $1
                """, [school.id]) {
                current[try row.decode("element_id")] = try Self.standing(row)
            }
            var history: [Int: [Standing]] = [:]
            for row in try connection.query("""
                SELECT c.element_id, c.stage_position AS position, c.stage_name AS name, c.note_html, '' AS note_source, u.username, c.set_at
                FROM school_journey_changes c LEFT JOIN users u ON u.id = c.set_by
                WHERE c.school_id = $1
                ORDER BY c.set_at DESC, c.id DESC
                LIMIT $2
                """, [school.id, Self.historyLimit]) {
                history[try row.decode("element_id"), default: []].append(try Self.standing(row))
            }
            // The nearest few schools past this school's stage on each element it has a stage on.
            let aheadRows = try connection.query("""
                SELECT element_id, slug, name, school_id, position, stage_name, set_at FROM (
                    SELECT other.element_id, s.slug, s.name, s.id AS school_id, st.position, st.name AS stage_name, other.set_at,
                           row_number() OVER (PARTITION BY other.element_id ORDER BY st.position, s.name, s.id) AS rank
                    FROM school_journeys mine
                    JOIN journey_stages mst ON mst.id = mine.stage_id
                    JOIN school_journeys other ON other.element_id = mine.element_id AND other.school_id <> mine.school_id
                    JOIN journey_stages st ON st.id = other.stage_id
                    JOIN schools s ON s.id = other.school_id
                    WHERE mine.school_id = $1 AND st.position > mst.position
                ) ranked WHERE rank <= $2
                ORDER BY element_id, rank
                """, [school.id, Self.aheadPerElement])
            let peerLeaders = try Self.leaders(ofSchools: try aheadRows.map { try $0.decode("school_id") }, on: connection)
            var ahead: [Int: [Peer]] = [:]
            for row in aheadRows {
                ahead[try row.decode("element_id"), default: []].append(try Self.peer(row, leaders: peerLeaders))
            }
            var threads: [Int: [ThreadSummary]] = [:]
            for row in try connection.query("""
                SELECT * FROM (
                    SELECT \(ThreadQueries.summaryColumns), t.journey_element_id,
                           row_number() OVER (PARTITION BY t.journey_element_id ORDER BY t.last_posted_at DESC, t.id DESC) AS rank
                    FROM threads t \(ThreadQueries.summaryJoins)
                    WHERE a.school_id = $1 AND t.journey_element_id IS NOT NULL AND t.deleted_at IS NULL
                      AND (c.visibility = 'members' OR $2)
                ) ranked WHERE rank <= $3
                ORDER BY journey_element_id, rank
                """, [school.id, moderator, Self.threadsPerElement]) {
                threads[try row.decode("journey_element_id"), default: []].append(try ThreadQueries.summary(from: row))
            }
            return SchoolJourney(school: school, leaders: leaders, viewerMayChange: mayChange, elements: elements.map { element in
                ElementJourney(element: element, current: current[element.id], history: history[element.id] ?? [],
                               ahead: ahead[element.id] ?? [], threads: threads[element.id] ?? [])
            })
        }
    }

    static func standing(_ row: PostgresRow) throws -> Standing {
        Standing(stagePosition: try row.decode("position"), stageName: try row.decode("name"),
                 noteHTML: try row.decode("note_html"), noteSource: try row.decode("note_source"), setBy: try row.decode("username"), setAt: try row.decode("set_at"))
    }

    static func peer(_ row: PostgresRow, leaders: [Int: [JourneyPerson]]) throws -> Peer {
        Peer(slug: try row.decode("slug"), name: try row.decode("name"), stagePosition: try row.decode("position"),
             stageName: try row.decode("stage_name"), setAt: try row.decode("set_at"),
             leaders: leaders[try row.decode("school_id")] ?? [])
    }

    /// The active leaders of each of these schools, in one query.
    static func leaders(ofSchools ids: [Int], on connection: PostgresConnection) throws -> [Int: [JourneyPerson]] {
        guard !ids.isEmpty else { return [:] }
        // The ids are our own integers from the query before; they travel as one parameter.
        let list = "{" + Set(ids).map(String.init).joined(separator: ",") + "}"
        var leaders: [Int: [JourneyPerson]] = [:]
        for row in try connection.query("""
            SELECT sl.school_id, u.username, u.name FROM school_leaders sl JOIN users u ON u.id = sl.user_id
            WHERE sl.school_id = ANY($1::bigint[]) AND u.school_id = sl.school_id AND u.deactivated_at IS NULL
            ORDER BY lower(u.name), u.id
            """, [list]) {
            leaders[try row.decode("school_id"), default: []].append(
                JourneyPerson(username: try row.decode("username"), name: try row.decode("name")))
        }
        return leaders
    }

    // MARK: Changing a school's stage

    /// What the journey form sends: the element's slug, the 1-based stage and a note.
    public struct Fields: Sendable, Decodable {
        public var element: String?
        public var stage: String?
        public var note: String?

        public init(element: String?, stage: String?, note: String?) {
            self.element = element
            self.stage = stage
            self.note = note
        }
    }

    /// Sets the school's stage on one element. 404 for an unknown school, 403 for anyone but
    /// its leaders and admins, then 422 for an unknown element, a stage it hasn't, or a long note.
    public func update(schoolSlug: String, _ fields: Fields, by member: Member) async throws {
        let note = (fields.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let (school, element) = try await db.withConnection { connection -> (SchoolRef, JourneyElement?) in
            let school = try Self.school(slug: schoolSlug, on: connection)
            let isLeader = try Leadership.isLeader(member, schoolID: school.id, on: connection)
            guard Policy.canChangeJourney(member, isLeaderOfSchool: isLeader) else {
                throw Forbidden("Only the school's leadership team and admins can change its journey.")
            }
            let slug = (fields.element ?? "").trimmingCharacters(in: .whitespaces)
            return (school, try JourneyElements.all(on: connection).first { $0.slug == slug })
        }
        var problems: [String: String] = [:]
        guard let element else { throw ValidationError(field: "element", "Choose one of the journey's elements.") }
        let stage = BoundedInteger.parse((fields.stage ?? "").trimmingCharacters(in: .whitespaces), in: 1...JourneyElements.maxStages)
            .flatMap { element.stage($0) }
        if stage == nil { problems["stage"] = "Choose a stage of \(element.name) (1 to \(element.stages.count))." }
        if note.count > Self.maxNoteLength { problems["note"] = "Keep the note under \(Self.maxNoteLength) characters." }
        guard problems.isEmpty, let stage else { throw ValidationError(problems) }
        let html = note.isEmpty ? "" : await renderer.render(note).html
        try await db.withTransaction { connection in
            // The stage may have moved or gone since it was read: take it again, locked.
            guard let row = try connection.query("""
                SELECT id, position, name FROM journey_stages WHERE id = $1 AND element_id = $2 FOR SHARE
                """, [stage.id, element.id]).first
            else { throw ValidationError(field: "stage", "That stage has just changed; choose again.") }
            let position: Int = try row.decode("position")
            let name: String = try row.decode("name")
            try connection.query("""
                INSERT INTO school_journeys (school_id, element_id, stage_id, note_source, note_html, set_by, set_at)
                VALUES ($1, $2, $3, $4, $5, $6, now())
                ON CONFLICT (school_id, element_id) DO UPDATE
                SET stage_id = EXCLUDED.stage_id, note_source = EXCLUDED.note_source, note_html = EXCLUDED.note_html,
                    set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
                """, [school.id, element.id, stage.id, note, html, member.id])
            try connection.query("""
                INSERT INTO school_journey_changes (school_id, element_id, stage_position, stage_name, note_html, set_by)
                VALUES ($1, $2, $3, $4, $5, $6)
                """, [school.id, element.id, position, name, html, member.id])
            try AuditLog.record(on: connection, actorID: member.id, action: "journey.update", targetType: "school",
                                targetID: school.id,
                                summary: "\(school.name): \(element.name) → \(name) (stage \(position) of \(element.stages.count))")
        }
    }

    // MARK: The peer-school finder

    public struct Finder: Sendable {
        public var elements: [JourneyElement]
        public var element: JourneyElement?
        public var stage: JourneyStage?
        public var atStage: [Peer]
        /// Nearest first.
        public var ahead: [Peer]
    }

    /// With no element chosen, only the elements (for the form). Otherwise the schools at the
    /// stage and those past it; an unknown element or a stage it hasn't is a `ValidationError`.
    public func find(elementSlug: String?, stage stageText: String?, limit: Int = 100) async throws -> Finder {
        try await db.withConnection { connection in
            let elements = try JourneyElements.all(on: connection)
            let slug = (elementSlug ?? "").trimmingCharacters(in: .whitespaces)
            guard !slug.isEmpty else { return Finder(elements: elements, element: nil, stage: nil, atStage: [], ahead: []) }
            guard let element = elements.first(where: { $0.slug == slug }) else {
                throw ValidationError(field: "element", "Choose one of the journey's elements.")
            }
            let text = (stageText ?? "").trimmingCharacters(in: .whitespaces)
            guard let stage = BoundedInteger.parse(text.isEmpty ? "1" : text, in: 1...JourneyElements.maxStages)
                .flatMap({ element.stage($0) })
            else { throw ValidationError(field: "stage", "Choose a stage of \(element.name) (1 to \(element.stages.count)).") }
            let rows = try connection.query("""
                SELECT s.slug, s.name, s.id AS school_id, st.position, st.name AS stage_name, sj.set_at
                FROM school_journeys sj
                JOIN journey_stages st ON st.id = sj.stage_id
                JOIN schools s ON s.id = sj.school_id
                WHERE sj.element_id = $1 AND st.position >= $2
                ORDER BY st.position, s.name, s.id
                LIMIT $3
                """, [element.id, stage.position, limit])
            let leaders = try Self.leaders(ofSchools: try rows.map { try $0.decode("school_id") }, on: connection)
            let peers = try rows.map { try Self.peer($0, leaders: leaders) }
            return Finder(elements: elements, element: element, stage: stage,
                          atStage: peers.filter { $0.stagePosition == stage.position },
                          ahead: peers.filter { $0.stagePosition > stage.position })
        }
    }
}
