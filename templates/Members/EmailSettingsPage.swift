/// `/settings/email`: how often the member hears from the forum by mail.
public struct EmailSettingsPage: PageView {
    public struct Choice: Sendable {
        public var value: String
        public var label: String
        public var explanation: String

        public init(value: String, label: String, explanation: String) {
            self.value = value
            self.label = label
            self.explanation = explanation
        }
    }

    public var title: String { "Email settings" }
    public var choices: [Choice]
    public var selected: String
    public var saved: Bool
    public var error: String?

    public init(choices: [Choice], selected: String, saved: Bool = false, error: String? = nil) {
        self.choices = choices
        self.selected = selected
        self.saved = saved
        self.error = error
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        <h1>Email settings</h1>
        <p><a href="\(SiteURL.settings)">Back to settings</a></p>
        \(if: saved, "<p class=\"notice\" role=\"status\">Saved.</p>")
        <section class="narrow">
          <form method="post" action="\(SiteURL.settingsEmail)" class="stacked-form">
            \(viewer.csrfField)
            <fieldset>
              <legend>Mail me about replies, mentions, messages and feedback</legend>
              \(FormParts.error("email_notifications", error))

        """)
        for choice in choices {
            html("""
                  <div class="choice">
                    <input type="radio" id="email-\(choice.value)" name="email_notifications" value="\(choice.value)" aria-describedby="email-\(choice.value)-help"\(if: choice.value == selected, " checked")>
                    <label for="email-\(choice.value)">\(choice.label)</label>
                    <p class="muted" id="email-\(choice.value)-help">\(choice.explanation)</p>
                  </div>

            """)
        }
        html("""
            </fieldset>
            <button type="submit">Save email settings</button>
          </form>
        </section>

        """)
    }
}
