/// `/admin/schools/{id}`: one school's name, slug, website and description.
public struct AdminSchoolEditPage: PageView {
    public var form: SchoolForm
    public var title: String { form.heading }
    /// The school's leadership team (its slug as saved, for the leaders form), when editing one.
    public var leaderSchoolSlug: String?
    public var leaders: [JourneyLeader] = []
    public var leaderUsername = ""
    public var leaderError: String?

    public init(form: SchoolForm) {
        self.form = form
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>\(form.heading)</h1>
        \(form.html(csrf: viewer.csrfField))
        """)
        if let slug = leaderSchoolSlug { html(leadersSection(slug, csrf: viewer.csrfField)) }
        html("<p><a href=\"\(SiteURL.adminSchools)\">Back to schools</a></p>\n")
    }

    private func leadersSection(_ slug: String, csrf: HTML) -> HTML {
        let action = SiteURL.adminSchoolLeaders(.value(slug))
        let rows = HTML.join(leaders.map { leader in
            """
              <li><a href="\(SiteURL.profile(.value(leader.username)))">\(leader.name)</a> (\(leader.username))
                <form method="post" action="\(action)" class="inline-form">\(csrf)<input type="hidden" name="username" value="\(leader.username)"><input type="hidden" name="action" value="remove"><button type="submit" class="secondary">Remove from the team</button></form></li>

            """
        })
        return """
        <section aria-labelledby="leaders-heading">
          <h2 id="leaders-heading">Leadership team</h2>
          <p>Leaders keep the school's journey up to date; peer schools write to them.</p>
          \(if: leaders.isEmpty, "<p>No leaders yet.</p>")
          <ul class="member-list">
        \(rows)  </ul>
          <form method="post" action="\(action)" class="stacked-form">
            \(csrf)
            <input type="hidden" name="action" value="add">
            <label for="leader-username">Username of a member of this school</label>
            \(FormParts.error("leader-username", leaderError))
            <input id="leader-username" name="username" type="text" required maxlength="30" value="\(leaderUsername)"\(FormParts.invalid("leader-username", leaderError))>
            <button type="submit">Add to the leadership team</button>
          </form>
        </section>

        """
    }
}
