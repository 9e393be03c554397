/// Adding or editing a category: its values as entered and a message per field.
public struct CategoryForm: Sendable {
    /// nil for a new category.
    public var id: Int?
    public var heading: String
    public var slug = ""
    public var name = ""
    public var description = ""
    public var position = "0"
    public var visibility = "members"
    public var errors: [String: String] = [:]

    public init(id: Int?, heading: String) {
        self.id = id
        self.heading = heading
    }

    func html(csrf: HTML) -> HTML {
        let action = id.map { SiteURL.adminCategory(.value($0)) } ?? .adminCategories
        let visibilities = [
            SelectOption(value: "members", label: "All members", selected: visibility != "moderators"),
            SelectOption(value: "moderators", label: "Moderators and admins only", selected: visibility == "moderators"),
        ]
        return """
        <form method="post" action="\(action)" class="stacked-form">
          \(csrf)
          <label for="name">Name</label>
          \(FormParts.error("name", errors["name"]))
          <input id="name" name="name" type="text" required maxlength="100" value="\(name)"\(FormParts.invalid("name", errors["name"]))>
          <label for="slug">Slug (in the address /c/slug)</label>
          \(FormParts.error("slug", errors["slug"]))
          <input id="slug" name="slug" type="text" required maxlength="63" value="\(slug)"\(FormParts.invalid("slug", errors["slug"]))>
          <label for="description">Description</label>
          \(FormParts.error("description", errors["description"]))
          <textarea id="description" name="description" rows="3"\(FormParts.invalid("description", errors["description"]))>\(description)</textarea>
          <label for="position">Position (lower comes first)</label>
          \(FormParts.error("position", errors["position"]))
          <input id="position" name="position" type="number" value="\(position)"\(FormParts.invalid("position", errors["position"]))>
          <label for="visibility">Who can see it</label>
          \(FormParts.error("visibility", errors["visibility"]))
          <select id="visibility" name="visibility"\(FormParts.invalid("visibility", errors["visibility"]))>\(SelectOption.html(visibilities))</select>
          <button type="submit">\(if: id == nil, "Add category", else: "Save")</button>
        </form>

        """
    }
}
