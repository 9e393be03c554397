/// `/unsubscribe/{token}` (open): the link in every notification and digest mail. Opening it
/// changes nothing (mail scanners open links); the button, or a mail client's one-click POST,
/// stops the mail.
public struct UnsubscribePage: PageView {
    public var title: String { unsubscribed ? "You are unsubscribed" : "Unsubscribe" }
    public var token: String
    public var username: String
    public var unsubscribed: Bool

    public init(token: String, username: String, unsubscribed: Bool) {
        self.token = token
        self.username = username
        self.unsubscribed = unsubscribed
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        if unsubscribed {
            html("""
            <section class="narrow">
              <h1>You are unsubscribed</h1>
              <p role="status">Roundtable sends no more notification or digest mail to \(username). You can choose again in your <a href="\(SiteURL.settingsEmail)">email settings</a>.</p>
            </section>

            """)
            return
        }
        html("""
        <section class="narrow">
          <h1>Unsubscribe</h1>
          <p>Stop all notification and digest mail to \(username)? You can turn it back on in your email settings.</p>
          <form method="post" action="\(SiteURL.unsubscribe(token: .value(token)))">
            <input type="hidden" name="List-Unsubscribe" value="One-Click">
            <button type="submit">Unsubscribe</button>
          </form>
        </section>

        """)
    }
}
