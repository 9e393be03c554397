/// Another school on an element: where it stands and whom to write to.
public struct JourneyPeer: Sendable {
    public var slug: String
    public var name: String
    public var stageNumber: Int
    public var stageName: String
    public var leaders: [JourneyLeader]

    public init(slug: String, name: String, stageNumber: Int, stageName: String, leaders: [JourneyLeader]) {
        self.slug = slug
        self.name = name
        self.stageNumber = stageNumber
        self.stageName = stageName
        self.leaders = leaders
    }

    /// One `<li>`: the school, its stage, its leaders and the link that writes to them all.
    var html: HTML {
        let write: HTML = leaders.isEmpty ? .empty
            : " · <a class=\"write-leaders\" href=\"\(SiteURL.newMessagePath(to: leaders.map(\.username)))\">Write to its leaders</a>"
        return """
        <li class="journey-peer"><a href="\(SiteURL.schoolJourney(.value(slug)))">\(name)</a>, stage \(stageNumber): \(stageName)<br>
          <span class="meta">Leaders: \(JourneyLeader.list(leaders))\(write)</span></li>

        """
    }
}
