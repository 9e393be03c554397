import Foundation
import Postgres

/// The journey's design elements and their stages, as admins define them at `/admin/journey`.
/// Every change is checked with `Policy.canAdminister` and logged in its transaction.
public struct JourneyElements: Sendable {
    public static let maxStages = 12
    public static let maxElements = 50

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// What the element form sends. `element` is the id of the element being edited (empty
    /// for a new one); `stages` holds one stage name a line, in order.
    public struct Fields: Sendable, Decodable {
        public var element: String
        public var slug: String
        public var name: String
        public var description: String
        public var position: String
        public var stages: String

        public init(element: String = "", slug: String, name: String, description: String = "", position: String = "0",
                    stages: String) {
            self.element = element.trimmingCharacters(in: .whitespaces)
            self.slug = slug.trimmingCharacters(in: .whitespaces)
            self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
            self.description = description.trimmingCharacters(in: .whitespacesAndNewlines)
            self.position = position.trimmingCharacters(in: .whitespaces)
            self.stages = stages
        }

        private enum CodingKeys: String, CodingKey { case element, slug, name, description, position, stages }

        public init(from decoder: any Decoder) throws {
            let form = try decoder.container(keyedBy: CodingKeys.self)
            self.init(element: try form.decodeIfPresent(String.self, forKey: .element) ?? "",
                      slug: try form.decodeIfPresent(String.self, forKey: .slug) ?? "",
                      name: try form.decodeIfPresent(String.self, forKey: .name) ?? "",
                      description: try form.decodeIfPresent(String.self, forKey: .description) ?? "",
                      position: try form.decodeIfPresent(String.self, forKey: .position) ?? "0",
                      stages: try form.decodeIfPresent(String.self, forKey: .stages) ?? "")
        }

        /// The stage names, one a line, blank lines skipped.
        public var stageNames: [String] {
            stages.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    struct Values {
        var id: Int?
        var slug: String
        var name: String
        var description: String
        var position: Int
        var stages: [String]
    }

    static func validated(_ fields: Fields) throws -> Values {
        var problems: [String: String] = [:]
        var id: Int?
        if !fields.element.isEmpty {
            guard let parsed = BoundedInteger.parse(fields.element, in: 1...Int(Int32.max)) else { throw NotFound() }
            id = parsed
        }
        if !Slug.isValid(fields.slug) { problems["slug"] = "Use lowercase letters, digits and hyphens, starting with a letter or digit." }
        if fields.name.isEmpty || fields.name.count > 100 { problems["name"] = "Enter a name of at most 100 characters." }
        if fields.description.count > 1000 { problems["description"] = "Keep the description under 1,000 characters." }
        let position = fields.position.isEmpty ? 0 : BoundedInteger.parse(fields.position, in: -1_000_000...1_000_000)
        if position == nil { problems["position"] = "Enter a whole number." }
        let stages = fields.stageNames
        if fields.stages.utf8.count > 20_000 || stages.isEmpty || stages.count > maxStages {
            problems["stages"] = "Enter between 1 and \(maxStages) stages, one a line, in order."
        } else if let long = stages.first(where: { $0.count > 100 }) {
            problems["stages"] = "Keep each stage name under 100 characters (“\(long.prefix(30))…” is longer)."
        } else if Set(stages.map { $0.lowercased() }).count != stages.count {
            problems["stages"] = "Give each stage a different name."
        }
        guard problems.isEmpty, let position else { throw ValidationError(problems) }
        return Values(id: id, slug: fields.slug, name: fields.name, description: fields.description, position: position,
                      stages: stages)
    }

    /// Every element with its stages in order and how many schools stand on each.
    public func all() async throws -> [JourneyElement] {
        try await db.withConnection { try Self.all(on: $0) }
    }

    static func all(on connection: PostgresConnection) throws -> [JourneyElement] {
        var elements: [JourneyElement] = []
        for row in try connection.query("""
            SELECT e.id, e.slug, e.name, e.description, e.position,
                   st.id AS stage_id, st.position AS stage_position, st.name AS stage_name,
                   (SELECT count(*) FROM school_journeys sj WHERE sj.stage_id = st.id) AS school_count
            FROM journey_elements e
            LEFT JOIN journey_stages st ON st.element_id = e.id
            ORDER BY e.position, e.name, e.id, st.position
            """) {
            let id: Int = try row.decode("id")
            if elements.last?.id != id {
                elements.append(JourneyElement(id: id, slug: try row.decode("slug"), name: try row.decode("name"),
                                               description: try row.decode("description"), position: try row.decode("position"),
                                               stages: []))
            }
            if let stageID = try row.decode("stage_id", as: Int?.self) {
                elements[elements.count - 1].stages.append(JourneyStage(
                    id: stageID, position: try row.decode("stage_position"), name: try row.decode("stage_name"),
                    schoolCount: try row.decode("school_count")))
            }
        }
        return elements
    }

    /// Creates an element or changes one: its name, slug, description, place in the list and
    /// its stages. A stage keeps its identity (and the schools on it) when its name stays or
    /// when the line at its number is renamed; a stage left out is removed, which is refused
    /// while schools stand on it.
    @discardableResult
    public func save(_ fields: Fields, by admin: Member) async throws -> Int {
        guard Policy.canAdminister(admin) else { throw NotFound() }
        let values = try Self.validated(fields)
        do {
            return try await db.withTransaction { connection in
                let elementID: Int
                if let id = values.id {
                    guard try connection.query("SELECT 1 FROM journey_elements WHERE id = $1 FOR UPDATE", [id]).first != nil
                    else { throw NotFound() }
                    elementID = id
                    try Self.replaceStages(of: id, with: values.stages, on: connection)
                    try connection.query("""
                        UPDATE journey_elements SET slug = $2, name = $3, description = $4, position = $5 WHERE id = $1
                        """, [id, values.slug, values.name, values.description, values.position])
                } else {
                    let count: Int = try connection.query("SELECT count(*) FROM journey_elements")[0].decode(0)
                    guard count < Self.maxElements else {
                        throw ValidationError(field: "name", "The journey has \(Self.maxElements) elements already.")
                    }
                    elementID = try connection.query("""
                        INSERT INTO journey_elements (slug, name, description, position) VALUES ($1, $2, $3, $4) RETURNING id
                        """, [values.slug, values.name, values.description, values.position])[0].decode(0)
                    for (index, name) in values.stages.enumerated() {
                        try connection.query("INSERT INTO journey_stages (element_id, position, name) VALUES ($1, $2, $3)",
                                             [elementID, index + 1, name])
                    }
                }
                try AuditLog.record(on: connection, actorID: admin.id,
                                    action: values.id == nil ? "journey.element.create" : "journey.element.update",
                                    targetType: "journey_element", targetID: elementID,
                                    summary: "\(values.name) (\(values.slug)): \(values.stages.joined(separator: " → "))")
                return elementID
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw ValidationError(field: "slug", "An element with that slug already exists.")
        }
    }

    private static func replaceStages(of elementID: Int, with names: [String], on connection: PostgresConnection) throws {
        let old = try connection.query("""
            SELECT st.id, st.position, st.name, (SELECT count(*) FROM school_journeys sj WHERE sj.stage_id = st.id) AS school_count
            FROM journey_stages st WHERE st.element_id = $1 ORDER BY st.position FOR UPDATE OF st
            """, [elementID]).map { row in
            JourneyStage(id: try row.decode("id"), position: try row.decode("position"), name: try row.decode("name"),
                         schoolCount: try row.decode("school_count"))
        }
        // First the names that stay (wherever they moved), then a renamed line keeps the stage
        // that had its number.
        var kept: [Int?] = names.map { name in old.first { $0.name.lowercased() == name.lowercased() }?.id }
        for index in names.indices where kept[index] == nil {
            if let stage = old.first(where: { $0.position == index + 1 }), !kept.contains(stage.id),
               !names.contains(where: { $0.lowercased() == stage.name.lowercased() }) {
                kept[index] = stage.id
            }
        }
        let removed = old.filter { stage in !kept.contains(stage.id) }
        if let inUse = removed.first(where: { $0.schoolCount > 0 }) {
            let schools = inUse.schoolCount == 1 ? "1 school stands" : "\(inUse.schoolCount) schools stand"
            throw ValidationError(field: "stages", "The stage “\(inUse.name)” can't be removed: \(schools) on it. Move them to another stage first, or keep the stage (rename it on its line).")
        }
        for stage in removed {
            try connection.query("DELETE FROM journey_stages WHERE id = $1", [stage.id])
        }
        for (index, name) in names.enumerated() {
            if let id = kept[index] {
                try connection.query("UPDATE journey_stages SET position = $2, name = $3 WHERE id = $1", [id, index + 1, name])
            } else {
                try connection.query("INSERT INTO journey_stages (element_id, position, name) VALUES ($1, $2, $3)",
                                     [elementID, index + 1, name])
            }
        }
    }
}
