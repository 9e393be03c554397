import Forum
import Hummingbird

extension AppContext {
    /// The positive number in the path parameter `name` (`/t/:id`). Anything else, however
    /// large or odd, names nothing: 404.
    func pathID(_ name: String = "id") throws -> Int {
        guard let text = parameters.get(name), text.utf8.count <= 18, let id = Int(text), id > 0 else { throw NotFound() }
        return id
    }
}
