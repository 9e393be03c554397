import FormKit
import Hummingbird

extension Request {
    /// The query string read as an HTML form submits it (`GET` forms encode spaces as `+`, which
    /// `uri.queryParameters` leaves as a literal plus: "two words" became "two+words").
    var formQuery: [String: String] { URLEncodedForm.parse(uri.query ?? "") }
}
