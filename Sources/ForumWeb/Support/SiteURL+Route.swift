import Hummingbird
import Views

extension SiteURL {
    /// The pattern the router registers for this route; build the case with `.key` parameters.
    var route: RouterPath { RouterPath(pattern) }
}
