/// One `<option>` of a `<select>` in a view model.
struct SelectOption: Sendable {
    var value: String
    var label: String
    var selected: Bool
}
