import FileKinds
import Foundation
import Postgres

/// Files attached to posts and private messages: checking uploads, storing them in the
/// database in chunks, listing them under their owners, and handing them out to whoever may
/// read their owner.
public struct Attachments: Sendable {
    public static let maxFiles = 5
    public static let maxFileSize = 10 * 1024 * 1024
    /// One row of `attachment_chunks`: what the server holds of a file at any moment.
    static let chunkSize = 256 * 1024

    let db: PostgresClient

    public init(db: PostgresClient) {
        self.db = db
    }

    /// One attachment as a page lists it.
    public struct Listed: Sendable, Equatable {
        public var id: Int
        /// The post's or the message's id.
        public var ownerID: Int
        public var filename: String
        public var kind: FileKind
        public var size: Int
    }

    /// Checks the uploads (count with the `existing` ones, size, kind from the bytes) and
    /// cleans their names; throws a `files` validation error naming the first problem.
    /// Reads the spooled files: call it off the event loop (inside a database closure).
    static func stage(_ uploads: [Upload], existing: Int = 0, owner: String = "post") throws -> [StagedFile] {
        guard existing + uploads.count <= maxFiles else {
            throw ValidationError(field: "files", "A \(owner) can have at most \(maxFiles) files.")
        }
        return try uploads.map { upload in
            let name = FileName.cleaned(upload.submittedName)
            guard upload.size <= maxFileSize else {
                throw ValidationError(field: "files", "\(name) is larger than 10 MiB.")
            }
            guard let kind = try FileKindDetector.detect(try LocalFile(path: upload.path, size: upload.size)) else {
                throw ValidationError(field: "files",
                    "\(name) can't be attached: attach PDF, PNG, JPEG, GIF, WebP, plain text, CSV, Word, Excel or PowerPoint files.")
            }
            return StagedFile(path: upload.path, size: upload.size, filename: name, kind: kind)
        }
    }

    /// Copies the staged files into the database a chunk at a time; returns their names.
    /// `postID` may be nil when the post doesn't exist yet: then `attach` names it later in
    /// the same transaction, so the copying happens before any row lock is taken.
    @discardableResult
    static func insert(_ files: [StagedFile], postID: Int?, uploaderID: Int, on connection: PostgresConnection) throws -> [(id: Int, name: String)] {
        var inserted: [(id: Int, name: String)] = []
        for file in files {
            let id: Int = try connection.query("""
                INSERT INTO attachments (post_id, uploader_id, filename, kind, byte_size)
                VALUES ($1, $2, $3, $4, $5)
                RETURNING id
                """, [postID, uploaderID, file.filename, file.kind.rawValue, file.size])[0].decode(0)
            let source = try LocalFile(path: file.path, size: file.size)
            var offset = 0
            var seq = 0
            while offset < file.size {
                let chunk = try source.read(offset: offset, length: chunkSize)
                guard !chunk.isEmpty else { throw AttachmentError.unreadable }
                // Parameters travel as text: base64 costs a third more than the bytes, hex twice.
                try connection.query("""
                    INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, decode($3, 'base64'))
                    """, [id, seq, Data(chunk).base64EncodedString()])
                offset += chunk.count
                seq += 1
            }
            inserted.append((id, file.filename))
        }
        return inserted
    }

    /// Gives attachments inserted without an owner to the post.
    static func attach(_ ids: [Int], toPost postID: Int, on connection: PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try connection.query("UPDATE attachments SET post_id = $1 WHERE id = ANY($2::bigint[]) AND post_id IS NULL",
                             [postID, Self.idArray(ids)])
    }

    /// Gives attachments inserted without an owner to the message.
    static func attach(_ ids: [Int], toMessage messageID: Int, on connection: PostgresConnection) throws {
        guard !ids.isEmpty else { return }
        try connection.query("""
            UPDATE attachments SET message_id = $1 WHERE id = ANY($2::bigint[]) AND post_id IS NULL AND message_id IS NULL
            """, [messageID, Self.idArray(ids)])
    }

    /// Deletes the post's attachments among `ids` (others are ignored); returns their names.
    static func remove(_ ids: [Int], fromPost postID: Int, on connection: PostgresConnection) throws -> [String] {
        guard !ids.isEmpty else { return [] }
        return try connection.query("""
            DELETE FROM attachments WHERE post_id = $1 AND id = ANY($2::bigint[])
            RETURNING filename
            """, [postID, Self.idArray(ids)]).map { try $0.decode("filename") }
    }

    /// The attachments of all the given posts in one query, by post, oldest first.
    static func listed(forPosts postIDs: [Int], on connection: PostgresConnection) throws -> [Int: [Listed]] {
        try listed(ownedBy: postIDs, ownerColumn: .post, on: connection)
    }

    /// The attachments of all the given messages in one query, by message, oldest first.
    static func listed(forMessages messageIDs: [Int], on connection: PostgresConnection) throws -> [Int: [Listed]] {
        try listed(ownedBy: messageIDs, ownerColumn: .message, on: connection)
    }

    /// The column naming an attachment's owner: constant SQL, never a value.
    private enum OwnerColumn: String {
        case post = "post_id"
        case message = "message_id"
    }

    private static func listed(ownedBy ownerIDs: [Int], ownerColumn: OwnerColumn,
                               on connection: PostgresConnection) throws -> [Int: [Listed]] {
        guard !ownerIDs.isEmpty else { return [:] }
        let column = ownerColumn.rawValue
        var byOwner: [Int: [Listed]] = [:]
        for row in try connection.query("""
            SELECT id, \(column) AS owner_id, filename, kind, byte_size FROM attachments
            WHERE \(column) = ANY($1::bigint[])
            ORDER BY \(column), id
            """, [Self.idArray(ownerIDs)]) {
            guard let kind = FileKind(rawValue: try row.decode("kind")) else { continue }
            let listed = Listed(id: try row.decode("id"), ownerID: try row.decode("owner_id"), filename: try row.decode("filename"),
                                kind: kind, size: try row.decode("byte_size"))
            byOwner[listed.ownerID, default: []].append(listed)
        }
        return byOwner
    }

    public func listed(forPost postID: Int) async throws -> [Listed] {
        try await db.withConnection { try Self.listed(forPosts: [postID], on: $0)[postID] ?? [] }
    }

    /// What the download route needs before sending the first byte.
    public struct Download: Sendable {
        public var id: Int
        public var filename: String
        public var kind: FileKind
        public var size: Int
        public var chunkCount: Int
    }

    /// The attachment, or NotFound when it doesn't exist or the member may not read its owner.
    public func download(_ id: Int, for member: Member) async throws -> Download {
        try await db.withConnection { connection in
            // Both owners' facts in one read; the columns of the owner that isn't there are null.
            guard let row = try connection.query("""
                SELECT a.id, a.filename, a.kind AS file_kind, a.byte_size, a.post_id, a.message_id,
                       (SELECT count(*) FROM attachment_chunks k WHERE k.attachment_id = a.id) AS chunk_count,
                       p.author_id AS post_author_id, p.position,
                       p.deleted_at IS NOT NULL AS post_deleted, p.hidden_at IS NOT NULL AS post_hidden,
                       \(ThreadQueries.factsColumns),
                       EXISTS (SELECT 1 FROM messages m
                               JOIN conversation_members cm ON cm.conversation_id = m.conversation_id
                                    AND cm.user_id = $2 AND cm.left_at IS NULL
                               WHERE m.id = a.message_id) AS reader_is_participant
                FROM attachments a
                LEFT JOIN posts p ON p.id = a.post_id
                LEFT JOIN threads t ON t.id = p.thread_id
                LEFT JOIN categories c ON c.id = t.category_id
                WHERE a.id = $1
                """, [id, member.id]).first
            else { throw NotFound() }
            let owner: AttachmentOwner
            if let postID = try row.decode("post_id", as: Int?.self) {
                let facts = Policy.PostFacts(thread: try ThreadQueries.facts(from: row), authorID: try row.decode("post_author_id"),
                                             position: try row.decode("position"), isHidden: try row.decode("post_hidden"),
                                             isDeleted: try row.decode("post_deleted"))
                owner = .post(id: postID, facts: facts)
            } else if let messageID = try row.decode("message_id", as: Int?.self) {
                owner = .message(id: messageID, readerIsParticipant: try row.decode("reader_is_participant"))
            } else {
                throw NotFound()
            }
            guard AttachmentVisibility.canRead(member, owner),
                  let kind = FileKind(rawValue: try row.decode("file_kind"))
            else { throw NotFound() }
            return Download(id: id, filename: try row.decode("filename"), kind: kind, size: try row.decode("byte_size"),
                            chunkCount: try row.decode("chunk_count"))
        }
    }

    /// One stored chunk of a file the caller already checked with `download`.
    public func chunk(_ seq: Int, of id: Int) async throws -> [UInt8] {
        try await db.withConnection { connection in
            guard let row = try connection.query("""
                SELECT encode(data, 'base64') FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2
                """, [id, seq]).first,
                let data = Data(base64Encoded: try row.decode(0, as: String.self), options: .ignoreUnknownCharacters)
            else { throw NotFound() }
            return [UInt8](data)
        }
    }

    /// A PostgreSQL array literal of ids, e.g. `{1,2,3}`: built from integers only.
    static func idArray(_ ids: [Int]) -> String {
        "{" + ids.map(String.init).joined(separator: ",") + "}"
    }
}
