/// Adding or editing a member school: its values as entered and a message per field.
public struct SchoolForm: Sendable {
    /// nil for a new school.
    public var id: Int?
    public var heading: String
    public var slug = ""
    public var name = ""
    public var website = ""
    public var description = ""
    public var errors: [String: String] = [:]

    public init(id: Int?, heading: String) {
        self.id = id
        self.heading = heading
    }

    func html(csrf: HTML) -> HTML {
        let action = id.map { SiteURL.adminSchool(.value($0)) } ?? .adminSchools
        return """
        <form method="post" action="\(action)" class="stacked-form">
          \(csrf)
          <label for="name">Name</label>
          \(FormParts.error("name", errors["name"]))
          <input id="name" name="name" type="text" required maxlength="200" value="\(name)"\(FormParts.invalid("name", errors["name"]))>
          <label for="slug">Slug (in the address /s/slug)</label>
          \(FormParts.error("slug", errors["slug"]))
          <input id="slug" name="slug" type="text" required maxlength="63" value="\(slug)"\(FormParts.invalid("slug", errors["slug"]))>
          <label for="website">Website (optional)</label>
          \(FormParts.error("website", errors["website"]))
          <input id="website" name="website" type="url" value="\(website)"\(FormParts.invalid("website", errors["website"]))>
          <label for="description">Description (optional)</label>
          \(FormParts.error("description", errors["description"]))
          <textarea id="description" name="description" rows="4"\(FormParts.invalid("description", errors["description"]))>\(description)</textarea>
          <button type="submit">\(if: id == nil, "Add school", else: "Save")</button>
        </form>

        """
    }
}
