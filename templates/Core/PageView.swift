/// A page: its typed model and how it is written inside the layout.
public protocol PageView: Sendable {
    /// The `<title>` and, on most pages, the `<h1>`.
    var title: String { get }
    /// The page's content, inside `<main>`.
    func body(_ html: inout HTMLWriter, viewer: Viewer)
    /// About how many bytes the page takes, so its buffer is allocated once.
    var sizeHint: Int { get }
}

extension PageView {
    public var sizeHint: Int { 16 * 1024 }
}
