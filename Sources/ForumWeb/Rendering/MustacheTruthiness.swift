import Mustache

/// swift-mustache treats every String, even "", as true in a section, so `{{#error}}...{{/error}}`
/// rendered an empty `role="alert"` element on every form and `{{#reason}}: {{reason}}` a stray
/// colon. The templates are written for the usual Mustache reading: an empty string is false.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}
