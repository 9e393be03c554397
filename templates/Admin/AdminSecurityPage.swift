/// `/admin/security`: whether moderators and admins must sign in with a second factor.
public struct AdminSecurityPage: PageView {
    public var title: String { "Security" }
    public var requireTwoFactorForStaff: Bool

    public init(requireTwoFactorForStaff: Bool) {
        self.requireTwoFactorForStaff = requireTwoFactorForStaff
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("""
        \(AdminNav.html)<h1>Security</h1>
        <section class="narrow">
          <form method="post" action="\(SiteURL.adminSecurity)" class="stacked-form">
            \(viewer.csrfField)
            <fieldset>
              <legend>Two-factor sign-in for moderators and admins</legend>
              <label><input type="radio" name="require_two_factor" value="on"\(if: requireTwoFactorForStaff, " checked")> Required</label>
              <label><input type="radio" name="require_two_factor" value="off"\(if: !requireTwoFactorForStaff, " checked")> Optional</label>
            </fieldset>
            <p class="muted">Those without it are sent to set it up before they can use any other page.</p>
            <button type="submit">Save</button>
          </form>
          <p>To reset a member's two-factor sign-in (a lost phone) or erase an account, use the buttons on <a href="\(SiteURL.adminUsers)">Members</a>.</p>
        </section>

        """)
    }
}
