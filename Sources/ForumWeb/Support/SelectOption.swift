/// One `<option>` of a `<select>` in a view model.
struct SelectOption: Sendable, Encodable {
    var value: String
    var label: String
    var selected: Bool
}
