import CCmarkGFM
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// cmark-gfm is not thread-safe: every parser rewrites a process-wide table of inline trigger
/// characters for its extensions, so concurrent parses corrupt each other's output. Every use
/// of the library in this process therefore goes through this one lock. Building the engine
/// inside the global initialiser also guarantees the extensions are registered exactly once.
private let sharedEngine = Mutex(CmarkEngine())

/// Runs `body` with exclusive access to cmark-gfm.
func withCmark<Result: Sendable>(_ body: (borrowing CmarkEngine) -> Result) -> Result {
    sharedEngine.withLock { engine in body(engine) }
}

/// Handles to the registered syntax extensions. Only reachable through `withCmark`.
struct CmarkEngine: ~Copyable {
    private let table: OpaquePointer?
    private let strikethrough: OpaquePointer?
    private let autolink: OpaquePointer?

    fileprivate init() {
        cmark_gfm_core_extensions_ensure_registered()
        table = cmark_find_syntax_extension("table")
        strikethrough = cmark_find_syntax_extension("strikethrough")
        autolink = cmark_find_syntax_extension("autolink")
    }

    /// Parses `bytes` and hands the document to `body`; the tree and parser are freed afterwards,
    /// so `body` must not let any node pointer escape.
    func withDocument<Result>(
        _ bytes: [UInt8],
        tables: Bool,
        autolinks: Bool = true,
        _ body: (CmarkDocument) -> Result
    ) -> Result {
        guard let parser = cmark_parser_new(cmarkOptions) else {
            fatalError("cmark_parser_new failed (out of memory)")
        }
        defer { cmark_parser_free(parser) }

        if tables, let table { cmark_parser_attach_syntax_extension(parser, table) }
        if let strikethrough { cmark_parser_attach_syntax_extension(parser, strikethrough) }
        if autolinks, let autolink { cmark_parser_attach_syntax_extension(parser, autolink) }

        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        guard let root = cmark_parser_finish(parser) else {
            fatalError("cmark_parser_finish failed (out of memory)")
        }
        defer { cmark_node_free(root) }

        return body(CmarkDocument(root: root, parser: parser))
    }
}

/// Safe mode is the default (no CMARK_OPT_UNSAFE): raw HTML is never emitted and the renderer
/// blanks `javascript:`-style destinations. Double tilde keeps `~` usable in prose (`~5 min`).
private let cmarkOptions: Int32 = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | CMARK_OPT_VALIDATE_UTF8

/// A parsed tree, valid only inside `CmarkEngine.withDocument`.
struct CmarkDocument {
    let root: OpaquePointer
    fileprivate let parser: OpaquePointer

    func renderHTML() -> String {
        // The table extension renders its own nodes, so the parser's extension list is required.
        guard let html = cmark_render_html(root, cmarkOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(html) }
        return html.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            String(decoding: UnsafeBufferPointer(start: start, count: strlen(html)), as: UTF8.self)
        }
    }
}

// MARK: - Node helpers

enum CmarkNode {
    static func literal(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_literal(node) else { return "" }
        return String(cString: cString)
    }

    static func url(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_url(node) else { return "" }
        return String(cString: cString)
    }

    static func title(_ node: OpaquePointer) -> String {
        guard let cString = cmark_node_get_title(node) else { return "" }
        return String(cString: cString)
    }

    static func makeText(_ literal: String) -> OpaquePointer {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { fatalError("cmark_node_new failed") }
        cmark_node_set_literal(node, literal)
        return node
    }

    static func makeLink(url: String, title: String = "", text: String) -> OpaquePointer {
        guard let node = cmark_node_new(CMARK_NODE_LINK) else { fatalError("cmark_node_new failed") }
        cmark_node_set_url(node, url)
        cmark_node_set_title(node, title)
        cmark_node_append_child(node, makeText(text))
        return node
    }

    /// Detaches and frees `node` with its subtree.
    static func remove(_ node: OpaquePointer) {
        cmark_node_unlink(node)
        cmark_node_free(node)
    }

    /// Visits every node under `root` (inclusive). `body` may change node attributes but must not
    /// restructure the tree; collect nodes and edit them after the walk instead.
    static func walk(_ root: OpaquePointer, _ body: (_ node: OpaquePointer, _ type: cmark_node_type, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            body(node, cmark_node_get_type(node), event == CMARK_EVENT_ENTER)
        }
    }

    /// The text a screen reader would get from an image description: literals only, no markup.
    static func plainText(of root: OpaquePointer) -> String {
        var text = ""
        walk(root) { node, type, entering in
            guard entering else { return }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += literal(node)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }
}
