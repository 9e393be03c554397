import FormKit
import Hummingbird

extension Request {
    /// The query string read as an HTML form submits it (`GET` forms encode spaces as `+`, which
    /// `uri.queryParameters` leaves as a literal plus: "two words" became "two+words").
    /// Every reader of the query string goes through here, so none can forget that
    /// PostgreSQL text holds no NUL (a `%00` answered 500) or that escapes may spell invalid
    /// UTF-8 (decoding repairs it).
    var formQuery: [String: String] { URLEncodedForm.parse(uri.query ?? "").mapValues(FormData.cleaned) }
}
