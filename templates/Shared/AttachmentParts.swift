/// One attached file as pages show it: images inline, everything else as a download link.
public struct AttachmentLink: Sendable, Equatable {
    public var id: Int
    public var filename: String
    public var kindLabel: String
    public var size: Int
    public var isImage: Bool

    public init(id: Int, filename: String, kindLabel: String, size: Int, isImage: Bool) {
        self.id = id
        self.filename = filename
        self.kindLabel = kindLabel
        self.size = size
        self.isImage = isImage
    }

    public var url: SiteURL { .file(.value(id), name: .value(filename)) }
}

/// The file input of the post forms, the list of files under a post, and the edit form's
/// checkboxes for removing files.
public enum AttachmentParts {
    /// `<input type=file multiple>`: works without JavaScript; the form must be multipart.
    public static func input(_ error: String?) -> HTML {
        """
        <label for="files">Attach files (optional; up to 5, 10 MB each: PDF, images, text, CSV, Word, Excel, PowerPoint)</label>
          \(FormParts.error("files", error))<input id="files" name="files" type="file" multiple\(FormParts.invalid("files", error))>

        """
    }

    public static func list(_ files: [AttachmentLink]) -> HTML {
        guard !files.isEmpty else { return .empty }
        return """
          <ul class="attachments" aria-label="Attached files">
        \(HTML.join(files.map { item($0) }))  </ul>

        """
    }

    private static func item(_ file: AttachmentLink) -> HTML {
        let description: HTML = "\(file.kindLabel), \(byteCount(file.size))"
        if file.isImage {
            return """
                <li class="attachment attachment-image"><a href="\(file.url)"><img src="\(file.url)" alt="\(file.filename)" loading="lazy"></a>
                  <span class="muted">\(file.filename) (\(description))</span></li>

            """
        }
        return """
            <li class="attachment"><a href="\(file.url)" download>\(file.filename)</a> <span class="muted">(\(description))</span></li>

        """
    }

    /// The edit form's list of current files, each with a "Remove" checkbox.
    public static func removeChoices(_ files: [AttachmentLink]) -> HTML {
        guard !files.isEmpty else { return .empty }
        return """
        <fieldset>
            <legend>Attached files</legend>
        \(HTML.join(files.map { file -> HTML in
            "    <label class=\"choice\"><input type=\"checkbox\" name=\"remove-\(file.id)\" value=\"1\"> Remove \(file.filename) (\(file.kindLabel), \(byteCount(file.size)))</label>\n"
        }))  </fieldset>

        """
    }

    /// "812 bytes", "340 KB", "4.2 MB" (1 KB = 1,024 bytes, as file managers count).
    public static func byteCount(_ size: Int) -> String {
        if size < 1024 { return "\(size) bytes" }
        if size < 1024 * 1024 { return "\(size / 1024) KB" }
        let tenths = size / (1024 * 1024 / 10)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}
