/// A school leader as the journey pages show them: a name linked to the profile.
public struct JourneyLeader: Sendable {
    public var username: String
    public var name: String

    public init(username: String, name: String) {
        self.username = username
        self.name = name
    }

    /// "Ada Okafor, Lee Chen" with links, or a plain note when the school has named none.
    static func list(_ leaders: [JourneyLeader]) -> HTML {
        guard !leaders.isEmpty else { return "<span class=\"muted\">no leadership team listed yet</span>" }
        return HTML.join(leaders.enumerated().map { (index, leader) -> HTML in
            "\(if: index > 0, ", ")<a href=\"\(SiteURL.profile(.value(leader.username)))\">\(leader.name)</a>"
        })
    }
}
