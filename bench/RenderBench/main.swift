import Foundation
import Markdown
import Views

// Renders the thread page with 51 posts (about 145 KB, like the seeded benchmark thread) many
// times on one core and prints the time per page. `make bench-render` runs it (release build).

let paragraph = "<p>We moved our <strong>grade 7</strong> science course to mastery-based progress last term. "
    + "Students now see the <a href=\"https://example.org/rubric\" rel=\"nofollow ugc noopener\">rubric</a> "
    + "for each competency &amp; retake assessments when ready. What changed most was the conversations "
    + "with families — they ask about evidence, not points.</p>\n"
let body = SanitizedHTML(storedRendering: String(repeating: paragraph, count: 5))
func post(_ index: Int) -> ThreadPage.Post {
    let author = "member" + String(index % 17)
    let name = "Member \"Number\" " + String(index % 17)
    let school = "Harbor <School> " + String(index % 5)
    let staff = index % 9 == 0
    let postedAt = Date(timeIntervalSince1970: 1_780_000_000 + Double(index) * 3600)
    let helpfulBy: [String] = index % 3 == 0 ? [] : ["lee", "sam"]
    return ThreadPage.Post(
        id: 1000 + index, author: author, authorName: name, role: staff ? "moderator" : "member", isStaff: staff,
        school: school, postedAt: postedAt, edited: index % 4 == 0, removed: false, removedNote: "",
        deletedButShown: false, body: body, accepted: index % 11 == 0, helpfulCount: helpfulBy.count,
        helpfulBy: helpfulBy, helpfulByMe: index % 6 == 1, canReact: true, canEdit: index % 7 == 0,
        canDelete: index % 7 == 0, canRestore: false, canAccept: false, canQuote: true,
        flag: ThreadPage.FlagControls(canFlag: true, note: nil), moderation: nil)
}
let posts = (1...51).map(post)
let page = ThreadPage(
    title: "How do you report mastery to families?", id: 42, slug: "how-do-you-report-mastery-to-families",
    categorySlug: "general", categoryName: "General", isFeedback: false, feedbackOpen: false, replyCount: 50,
    acceptedCount: 0, canSetFeedbackStatus: false, pinned: false, locked: false, lockReason: nil, deleted: false,
    watching: true, canModerate: false, posts: posts,
    pagination: Pagination(path: "/t/42/how-do-you-report-mastery-to-families", page: 1, pageCount: 2),
    replyRefusal: nil)
let viewer = Viewer(username: "lee", csrf: "Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg", unreadNotifications: 3)

let iterations = ProcessInfo.processInfo.environment["RENDER_ITERATIONS"].flatMap(Int.init) ?? 5_000
var bytes = 0
for _ in 0..<min(200, iterations) { bytes = Layout.render(page, viewer: viewer).readableBytes }
let start = DispatchTime.now().uptimeNanoseconds
var total = 0
for _ in 0..<iterations { total &+= Layout.render(page, viewer: viewer).readableBytes }
let elapsed = DispatchTime.now().uptimeNanoseconds - start
let micros = Double(elapsed) / Double(iterations) / 1000
print("thread page, 51 posts, \(bytes) bytes: \(String(format: "%.1f", micros)) µs per page (\(iterations) renders, one core)")
