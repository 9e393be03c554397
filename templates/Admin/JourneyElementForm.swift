/// Adding or editing a journey element: its values as entered and a message per field.
public struct JourneyElementForm: Sendable {
    /// nil for a new element.
    public var id: Int?
    public var heading: String
    public var slug = ""
    public var name = ""
    public var description = ""
    public var position = "0"
    /// One stage name a line, in order.
    public var stages = ""
    public var errors: [String: String] = [:]

    public init(id: Int?, heading: String) {
        self.id = id
        self.heading = heading
    }

    func html(csrf: HTML) -> HTML {
        """
        <form method="post" action="\(SiteURL.adminJourney)" class="stacked-form">
          \(csrf)
          \(if: id != nil, "<input type=\"hidden\" name=\"element\" value=\"\(id.map(String.init))\">")
          <label for="name">Name</label>
          \(FormParts.error("name", errors["name"]))
          <input id="name" name="name" type="text" required maxlength="100" value="\(name)"\(FormParts.invalid("name", errors["name"]))>
          <label for="slug">Slug (in addresses: /journeys?element=slug)</label>
          \(FormParts.error("slug", errors["slug"]))
          <input id="slug" name="slug" type="text" required maxlength="63" value="\(slug)"\(FormParts.invalid("slug", errors["slug"]))>
          <label for="description">Description</label>
          \(FormParts.error("description", errors["description"]))
          <textarea id="description" name="description" rows="3"\(FormParts.invalid("description", errors["description"]))>\(description)</textarea>
          <label for="position">Position (lower comes first)</label>
          \(FormParts.error("position", errors["position"]))
          <input id="position" name="position" type="number" value="\(position)"\(FormParts.invalid("position", errors["position"]))>
          <label for="stages">Stages: one a line, first to last. Reorder the lines to reorder; edit a line to rename its stage. A stage schools stand on can't be removed.</label>
          \(FormParts.error("stages", errors["stages"]))
          <textarea id="stages" name="stages" rows="7" required\(FormParts.invalid("stages", errors["stages"]))>\(stages)</textarea>
          <button type="submit">\(if: id == nil, "Add element", else: "Save")</button>
        </form>

        """
    }
}
