/// `/mod/members/{username}`: one member's standing, and suspending or lifting it.
public struct ModMemberPage: PageView {
    public var member: MemberStanding
    /// Why this moderator may not suspend this member, or nil when they may.
    public var refusal: String?
    public var reason = ""
    public var until = ""
    public var errors: [String: String] = [:]

    public var title: String { "@\(member.username)" }

    public init(member: MemberStanding, refusal: String?) {
        self.member = member
        self.refusal = refusal
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        let csrf = viewer.csrfField
        html("""
        <nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="\(SiteURL.modMembers)">Members</a></nav>
        <h1>\(member.name) <span class="muted">@\(member.username)</span></h1>
        <p>\(member.role)\(if: member.school != nil, " · \(member.school)")</p>

        """)
        if member.suspended {
            html("<p class=\"notice\">Suspended \(member.until). Reason: \(member.reason)</p>\n")
            if refusal == nil {
                html("""
                <form method="post" action="\(SiteURL.unsuspend(.value(member.username)))" class="inline-form">
                  \(csrf)
                  <button type="submit">Lift the suspension</button>
                </form>

                """)
            }
        }
        if let refusal {
            html("<p class=\"notice\">\(refusal)</p>\n")
            return
        }
        html("""
        <h2>\(if: member.suspended, "Change the suspension", else: "Suspend")</h2>
        <form method="post" action="\(SiteURL.suspend(.value(member.username)))" class="stacked-form">
          \(csrf)
          <label for="reason">Reason (shown to the member when they try to sign in)</label>
          \(FormParts.error("reason", errors["reason"]))
          <input id="reason" name="reason" type="text" maxlength="500" required value="\(reason)"\(FormParts.invalid("reason", errors["reason"]))>
          <label for="until">Until (YYYY-MM-DD; it ends at 00:00 UTC that day; leave empty until lifted)</label>
          \(FormParts.error("until", errors["until"]))
          <input id="until" name="until" type="text" inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="YYYY-MM-DD" value="\(until)"\(FormParts.invalid("until", errors["until"]))>
          <button type="submit">Suspend</button>
        </form>

        """)
    }
}
