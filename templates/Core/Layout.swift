import NIOCore

/// The frame around every page: header with the signed-in member's links, main, footer.
public enum Layout {
    public static func render(_ page: some PageView, viewer: Viewer) -> ByteBuffer {
        var html = HTMLWriter(capacity: page.sizeHint)
        html("""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(page.title) · Roundtable</title>
        <link rel="stylesheet" href="\(SiteURL.staticFile("roundtable.css"))">
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <nav class="site-nav" aria-label="Main">
            <a class="site-name" href="\(SiteURL.home)">Roundtable</a>

        """)
        if let username = viewer.username {
            html("""
                <ul class="nav-links">
                  <li><a href="\(SiteURL.search)">Search</a></li>
                  <li><a href="\(SiteURL.notifications)">Notifications\(if: viewer.unreadNotifications > 0, " <span class=\"badge badge-unread\">\(viewer.unreadNotifications) unread</span>")</a></li>
                  <li><a href="\(SiteURL.messages)">Messages\(if: viewer.unreadMessages > 0, " <span class=\"badge badge-unread\">\(viewer.unreadMessages) unread</span>")</a></li>
                  <li><a href="\(SiteURL.schools)">Schools</a></li>
                  <li><a href="\(SiteURL.journeys)">Journeys</a></li>
                  <li><a href="\(SiteURL.settings)">Settings</a></li>

            """)
            if viewer.isModerator {
                html("""
                      <li><a href="\(SiteURL.modFlags)">Flags\(if: viewer.openFlags > 0, " <span class=\"flag-count\">(\(viewer.openFlags) open)</span>")</a></li><li><a href="\(SiteURL.modLog)">Log</a></li><li><a href="\(SiteURL.modMembers)">Members</a></li>

                """)
            }
            if viewer.isAdmin {
                html("      <li><a href=\"\(SiteURL.adminUsers)\">Admin</a></li>\n")
            }
            html("""
                </ul>
                <div class="account">
                  <a class="username" href="\(SiteURL.profile(.value(username)))">\(username)</a>
                  <form method="post" action="\(SiteURL.logout)" class="inline-form">
                    \(viewer.csrfField)
                    <button type="submit" class="link-button">Sign out</button>
                  </form>
                </div>

            """)
        }
        html("""
          </nav>
        </header>
        <main id="main" tabindex="-1">

        """)
        page.body(&html, viewer: viewer)
        html("""
        </main>
        <footer class="site-footer">
          <p>Roundtable — a forum for the schools of our network.</p>
        </footer>
        </body>
        </html>

        """)
        return html.buffer
    }
}
