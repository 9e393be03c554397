/// One `<option>` of a `<select>`.
public struct SelectOption: Sendable {
    public var value: String
    public var label: String
    public var selected: Bool

    public init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    public var html: HTML {
        "<option value=\"\(value)\"\(if: selected, " selected")>\(label)</option>"
    }

    /// The options of one `<select>`, in order.
    public static func html(_ options: [SelectOption]) -> HTML {
        HTML.join(options.map(\.html))
    }
}
