import Mustache

/// swift-mustache treats every String as truthy, so `{{#error}}...{{/error}}` rendered an empty
/// alert for "" (no error). Empty strings count as absent here, as in other Mustache engines.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { isEmpty }
}
