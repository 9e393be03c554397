import FileKinds
import Forum
import Hummingbird
import NIOCore
import Views

/// `/files/{id}/{filename}`: an attachment, for whoever may read the post it belongs to
/// (404 for everyone else). Served with the type its bytes proved, never sniffed, in a
/// sandbox, and as a download unless it is an image; streamed a stored chunk at a time.
struct FileController {
    let services: ForumServices

    func addRoutes(to router: some RouterMethods<AppContext>) {
        router.get(SiteURL.file(.key, name: .key).route, use: download)
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let id = try RequestInput.pathID(context)
        let file = try await services.attachments.download(id, for: try context.member)
        var headers = HTTPFields()
        headers[.contentType] = file.kind.contentType
        headers[.contentLength] = String(file.size)
        headers[.contentDisposition] = FileName.contentDisposition(file.filename, inline: file.kind.isImage)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = "sandbox"
        // Members' files, possibly from private categories: never kept by shared caches.
        headers[.cacheControl] = "private, max-age=300"
        let attachments = services.attachments
        let chunks = file.chunkCount
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for seq in 0..<chunks {
                try await writer.write(ByteBuffer(bytes: try await attachments.chunk(seq, of: id)))
            }
            try await writer.finish(nil)
        })
    }
}
