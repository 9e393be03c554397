import Forum
import Views

/// Stored attachments as the views list them.
enum AttachmentLinks {
    static func link(_ file: Attachments.Listed) -> AttachmentLink {
        AttachmentLink(id: file.id, filename: file.filename, kindLabel: file.kind.label, size: file.size, isImage: file.kind.isImage)
    }
}
