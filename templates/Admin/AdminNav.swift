/// The links between the administration pages.
public enum AdminNav {
    public static let html: HTML = """
    <nav class="admin-nav" aria-label="Administration">
      <a href="\(SiteURL.adminUsers)">Members</a> · <a href="\(SiteURL.adminInvitations)">Invitations</a> · <a href="\(SiteURL.adminSchools)">Schools</a> · <a href="\(SiteURL.adminCategories)">Categories</a> · <a href="\(SiteURL.adminJourney)">Journey</a> · <a href="\(SiteURL.adminSecurity)">Security</a>
    </nav>

    """
}
