/// A page: its typed model and how it is written inside the layout.
public protocol PageView: Sendable {
    /// The `<title>` and, on most pages, the `<h1>`.
    var title: String { get }
    /// The page's content, inside `<main>`.
    func body(_ html: inout HTMLWriter, viewer: Viewer)
}
