import CCmarkGFM

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Even within the column limit, padding makes every line after a wide header cost a full row:
/// 50 KB of `x` lines under a 20-column header is 480,000 cells and 5 MB of HTML.
enum TableSize {
    /// Total cells of all tables in the document. Only block containers are descended into,
    /// so this touches a small fraction of the nodes.
    static func cellCount(_ root: OpaquePointer) -> Int {
        var cells = 0
        var pending = [root]
        while let container = pending.popLast() {
            var child = cmark_node_first_child(container)
            while let node = child {
                switch cmark_node_get_type(node) {
                case CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM:
                    pending.append(node)
                case CMARK_NODE_CUSTOM_BLOCK, CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_CODE_BLOCK,
                     CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
                    break
                default:
                    // The table extension's node types are not in the public headers.
                    if let name = cmark_node_get_type_string(node), strcmp(name, "table") == 0 {
                        cells += rowCount(node) * Int(cmark_gfm_extensions_get_table_columns(node))
                    }
                }
                child = cmark_node_next(node)
            }
        }
        return cells
    }

    private static func rowCount(_ table: OpaquePointer) -> Int {
        var rows = 0
        var row = cmark_node_first_child(table)
        while let current = row {
            rows += 1
            row = cmark_node_next(current)
        }
        return rows
    }
}
