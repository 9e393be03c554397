import Foundation

/// `/u/{username}`: a member's name, school, role and the recent posts the viewer may see.
public struct ProfilePage: PageView {
    public struct Post: Sendable {
        public var link: String
        public var threadTitle: String
        public var postedAt: Date
        public var excerpt: String

        public init(link: String, threadTitle: String, postedAt: Date, excerpt: String) {
            self.link = link
            self.threadTitle = threadTitle
            self.postedAt = postedAt
            self.excerpt = excerpt
        }
    }

    public var title: String { name }
    public var name: String
    public var username: String
    public var role: String
    public var school: (slug: String, name: String)?
    public var joined: Date
    public var deactivated: Bool
    public var posts: [Post]

    public init(name: String, username: String, role: String, school: (slug: String, name: String)?, joined: Date,
                deactivated: Bool, posts: [Post]) {
        self.name = name
        self.username = username
        self.role = role
        self.school = school
        self.joined = joined
        self.deactivated = deactivated
        self.posts = posts
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let school: HTML = self.school.map { "<dt>School</dt><dd><a href=\"\(SiteURL.school(.value($0.slug)))\">\($0.name)</a></dd>" } ?? .empty
        html("""
        <section class="profile">
          <h1>\(name)</h1>
          <dl class="profile-facts">
            <dt>Username</dt><dd>\(username)</dd>
            <dt>Role</dt><dd>\(role)</dd>
            \(school)
            <dt>Joined</dt><dd>\(time: joined)</dd>
          </dl>
          \(if: deactivated, "<p class=\"muted\">This account has been deactivated.</p>")
          \(if: !deactivated && viewer.username?.lowercased() != username.lowercased(), "<p><a class=\"message-link\" href=\"\(SiteURL.newMessage.path(query: ["to": username]))\">Message @\(username)</a></p>")
        </section>
        <section aria-labelledby="posts-heading">
          <h2 id="posts-heading">Recent posts</h2>
          \(if: posts.isEmpty, "<p>No posts yet.</p>")
          <ul class="profile-posts">

        """)
        for post in posts {
            html("    <li><a href=\"\(post.link)\">\(post.threadTitle)</a> · \(time: post.postedAt)<p class=\"muted\">\(post.excerpt)</p></li>\n")
        }
        html("  </ul>\n</section>\n")
    }
}
