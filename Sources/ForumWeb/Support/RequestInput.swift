import Forum
import Hummingbird

/// Every number a request carries in its path or query string is read here, with bounds, so
/// no handler does arithmetic or a query on a value it never expected (a huge `?page=` once
/// trapped the whole process).
enum RequestInput {
    /// Ids are `bigint` serials; anything larger is certainly no row.
    static let idRange = 1...999_999_999_999_999_999

    /// A `{id}` path parameter; anything but a positive whole number names no page.
    static func pathID(_ context: AppContext, _ name: String = "id") throws -> Int {
        guard let text = context.parameters.get(name), let id = BoundedInteger.parse(text, in: idRange) else {
            throw NotFound()
        }
        return id
    }

    /// An id given in the query string (`?quote=12`), or nil when absent or not an id.
    static func queryID(_ request: Request, _ name: String) -> Int? {
        request.formQuery[name].flatMap { BoundedInteger.parse($0, in: idRange) }
    }

    /// `?page=N`: page 1 when absent or not a number; out-of-range numbers move to the
    /// nearest page a listing can be asked for.
    static func page(_ request: Request) -> Int {
        request.formQuery["page"].flatMap { BoundedInteger.clamped($0, in: 1...Page.maxNumber) } ?? 1
    }
}
