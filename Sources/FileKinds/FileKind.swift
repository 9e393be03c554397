/// The kinds of file members may attach, judged from the bytes alone: a file's name and the
/// browser's claimed type are chosen by the sender, so they decide nothing here.
public enum FileKind: String, Sendable, CaseIterable {
    case pdf, png, jpeg, gif, webp, text, csv, docx, xlsx, pptx

    /// The type the file is served with (the one the bytes proved, never the browser's claim).
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .text: "text/plain; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        }
    }

    /// Images are shown inline (in an `<img>`); everything else is only ever downloaded.
    public var isImage: Bool {
        switch self {
        case .png, .jpeg, .gif, .webp: true
        default: false
        }
    }

    /// What the page calls it.
    public var label: String {
        switch self {
        case .pdf: "PDF"
        case .png: "PNG image"
        case .jpeg: "JPEG image"
        case .gif: "GIF image"
        case .webp: "WebP image"
        case .text: "Text"
        case .csv: "CSV"
        case .docx: "Word document"
        case .xlsx: "Excel spreadsheet"
        case .pptx: "PowerPoint presentation"
        }
    }
}
