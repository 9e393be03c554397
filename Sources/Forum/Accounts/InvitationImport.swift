import FormKit
import Foundation
import Postgres

extension Invitations {
    /// What the bulk import did with one row of the file.
    public struct ImportedRow: Sendable, Equatable {
        public enum Outcome: String, Sendable {
            case invited, skipped, refused
        }

        public var line: Int
        public var email: String
        public var outcome: Outcome
        public var reason: String
    }

    /// Invites everyone in a CSV file with the columns `email,name,role,school` and a header
    /// row. Good rows are invited even when others are bad; each row is all-or-nothing (its
    /// invitation, mail and log entry under one savepoint). The whole file runs in one
    /// transaction on one connection with a handful of statements per row, and no password
    /// hashing, so a thousand rows take well under the time of a page load or two.
    public func importCSV(_ bytes: [UInt8], by admin: Member, linkBase: String) async throws -> [ImportedRow] {
        guard Policy.canAdminister(admin) else { throw NotFound() }
        let parsed: (header: [String], rows: [(line: Int, fields: [String: String])])
        do {
            parsed = try CSV.parseRecords(bytes)
        } catch CSVError.invalidEncoding {
            throw ValidationError(field: "file", "The file is not UTF-8 text. Save it as CSV (UTF-8) and try again.")
        } catch CSVError.unterminatedQuote(let line) {
            throw ValidationError(field: "file", "A quoted field starting on line \(line) never ends.")
        }
        guard parsed.header.contains("email") else {
            throw ValidationError(field: "file", "The first row must name the columns: email,name,role,school.")
        }
        let rows = parsed.rows
        return try await db.withTransaction { connection in
            var schools: [String: Int] = [:]
            for row in try connection.query("SELECT slug, id FROM schools") {
                schools[try row.decode("slug")] = try row.decode("id")
            }
            var seen = Set<String>()
            var report: [ImportedRow] = []
            report.reserveCapacity(rows.count)
            for (line, fields) in rows {
                let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces)
                func result(_ outcome: ImportedRow.Outcome, _ reason: String) {
                    report.append(ImportedRow(line: line, email: email, outcome: outcome, reason: reason))
                }
                guard EmailAddress.isValid(email) else {
                    result(.refused, email.isEmpty ? "no email address" : "not a valid email address")
                    continue
                }
                let roleName = (fields["role"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard let role = roleName.isEmpty ? .member : Role(rawValue: roleName) else {
                    result(.refused, "unknown role \u{201C}\(roleName)\u{201D} (use member, moderator or admin)")
                    continue
                }
                let slug = (fields["school"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                var schoolID: Int?
                if !slug.isEmpty {
                    guard let id = schools[slug] else {
                        result(.refused, "unknown school \u{201C}\(slug)\u{201D}")
                        continue
                    }
                    schoolID = id
                }
                guard seen.insert(email.lowercased()).inserted else {
                    result(.skipped, "listed earlier in this file")
                    continue
                }
                try connection.query("SAVEPOINT import_row")
                do {
                    switch try Self.standing(of: email, on: connection) {
                    case .member:
                        result(.skipped, "already a member")
                    case .invited:
                        result(.skipped, "already invited (pending)")
                    case .new:
                        _ = try Self.insert(email: email, name: fields["name"] ?? "", role: role, schoolID: schoolID,
                                            invitedBy: admin.id, linkBase: linkBase, on: connection)
                        result(.invited, "")
                    }
                    try connection.query("RELEASE SAVEPOINT import_row")
                } catch let error as PostgresError where !error.isUnavailable {
                    try connection.query("ROLLBACK TO SAVEPOINT import_row")
                    result(.refused, "could not be saved (\(error.sqlState ?? "database error"))")
                }
            }
            return report
        }
    }
}
