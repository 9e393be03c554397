import Forum
import Hummingbird

/// Answers 404 for any path that spells a control character, plainly or percent-encoded.
/// No route or file has one, and a NUL cut short the name the file system saw while the
/// media type still came from the whole name: `/static/roundtable.css%00.html` served the
/// stylesheet as text/html.
struct ControlCharacterPathMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.spellsControlCharacter(request.uri.path) else { throw NotFound() }
        return try await next(request, context)
    }

    static func spellsControlCharacter(_ path: String) -> Bool {
        let bytes = Array(path.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte < 0x20 || byte == 0x7F { return true }
            guard byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                  let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            else { continue }
            let decoded = high << 4 | low
            if decoded < 0x20 || decoded == 0x7F { return true }
        }
        return false
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
