import Forum
import ForumWeb
import Foundation
import NIOCore
import Testing
import TestSupport

/// Files on posts: kinds judged from bytes, the size limits, the download headers, and the
/// one visibility rule of posts applied to their files.
@Suite struct AttachmentTests {
    static let mebibyte = 1024 * 1024

    func attachments(_ forum: TestForum) async throws -> [(id: Int, name: String, postID: Int)] {
        try await forum.services.db.query("SELECT id, filename, post_id FROM attachments ORDER BY id").map {
            (try $0.decode("id"), try $0.decode("filename"), try $0.decode("post_id"))
        }
    }

    func postCount(_ forum: TestForum) async throws -> Int {
        try await forum.services.db.query("SELECT count(*) FROM posts")[0].decode(0)
    }

    @Test func everyKindIsListedAndServedWithItsHeaders() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.other, title: "Share your rubrics")
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            try await member.get("/t/\(thread.threadID)")
            let batches: [[(name: String, bytes: [UInt8])]] = [
                [("rubric.pdf", FileSamples.pdf), ("photo.png", FileSamples.png), ("notes.txt", Array("Plain notes\n".utf8)),
                 ("scores.csv", Array("name,score\nAda,3\n".utf8)), ("plan.docx", FileSamples.docx)],
                [("sheet.xlsx", FileSamples.xlsx), ("deck.pptx", FileSamples.pptx), ("cam.jpg", FileSamples.jpeg),
                 ("anim.gif", FileSamples.gif), ("../../Été (draft).webp", FileSamples.webp)],
            ]
            for batch in batches {
                let reply = try await member.postFiles("/t/\(thread.threadID)/reply", ["body": "Here you go"], files: batch)
                #expect(reply.status == .seeOther, "\(reply.alerts)")
            }
            let stored = try await attachments(forum)
            #expect(stored.map(\.name) == ["rubric.pdf", "photo.png", "notes.txt", "scores.csv", "plan.docx",
                                           "sheet.xlsx", "deck.pptx", "cam.jpg", "anim.gif", "Été (draft).webp"])
            let page = try await member.get("/t/\(thread.threadID)")
            #expect(page.contains(#"alt="photo.png""#))
            #expect(page.contains(#">rubric.pdf</a>"#))
            #expect(page.contains("PDF, "))

            let expected: [(type: String, inline: Bool)] = [
                ("application/pdf", false), ("image/png", true), ("text/plain; charset=utf-8", false),
                ("text/csv; charset=utf-8", false),
                ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false),
                ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false),
                ("application/vnd.openxmlformats-officedocument.presentationml.presentation", false),
                ("image/jpeg", true), ("image/gif", true), ("image/webp", true),
            ]
            let sent = batches.flatMap { $0 }
            for (index, file) in stored.enumerated() {
                let download = try await member.get("/files/\(file.id)/x")
                #expect(download.status == .ok)
                #expect(Array(download.html.utf8) == sent[index].bytes || download.html == String(decoding: sent[index].bytes, as: UTF8.self))
                #expect(download.headers[.contentType] == expected[index].type)
                #expect(download.headers[.xContentTypeOptions] == "nosniff")
                #expect(download.headers[.contentSecurityPolicy] == "sandbox")
                let disposition = try #require(download.headers[.contentDisposition])
                #expect(disposition.hasPrefix(expected[index].inline ? "inline;" : "attachment;"), "\(disposition)")
            }
            let webp = try await member.get("/files/\(stored[9].id)/x")
            #expect(webp.headers[.contentDisposition] == "inline; filename=\"_t_ (draft).webp\"; filename*=UTF-8''%C3%89t%C3%A9%20%28draft%29.webp")
            #expect(try await member.get("/files/999999/x").status == .notFound)
            #expect(try await forum.browser().get("/files/\(stored[0].id)/rubric.pdf").status != .ok)
        }
    }

    @Test func refusedKindsAndLimitsSaveNothing() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.other, title: "Limits")
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            try await member.get("/t/\(thread.threadID)")
            let before = try await postCount(forum)
            let refused: [[(name: String, bytes: [UInt8])]] = [
                [("report.pdf", Array("<!DOCTYPE html><script>alert(1)</script>".utf8))],
                [("archive.docx", FileSamples.zip(["a.txt", "b.txt"]))],
                [("cut.png", Array(FileSamples.png.dropLast(4)))],
                [("big.pdf", FileSamples.pdf(size: 11 * Self.mebibyte))],
                Array(repeating: ("a.txt", Array("six files\n".utf8)), count: 6),
            ]
            for files in refused {
                let page = try await member.postFiles("/t/\(thread.threadID)/reply", ["body": "Keep this text"], files: files)
                #expect(page.status == .unprocessableContent, "\(files.first?.name ?? "")")
                #expect(page.contains("Keep this text"))
                #expect(!page.alerts.isEmpty)
            }
            #expect(try await postCount(forum) == before)
            #expect(try await attachments(forum).isEmpty)

            // Five files of 10 MiB pass; a body past 55 MiB is refused before anything is saved.
            let ten = FileSamples.pdf(size: 10 * Self.mebibyte)
            let full = try await member.postFiles("/t/\(thread.threadID)/reply", ["body": "Five big files"],
                                                  files: Array(repeating: ("ten.pdf", ten), count: 5))
            #expect(full.status == .seeOther)
            let tooLarge = try await member.postFiles("/t/\(thread.threadID)/reply", ["body": "Too much"],
                                                      files: Array(repeating: ("ten.pdf", ten), count: 5) + [("more.pdf", FileSamples.pdf(size: 6 * Self.mebibyte))])
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try await attachments(forum).count == 5)

            // Every other route keeps the 2 MiB limit, multipart or not, and so does an attachment
            // route for a visitor who is not signed in.
            let three = FileSamples.pdf(size: 3 * Self.mebibyte)
            #expect(try await member.postFiles("/settings/name", ["name": "Sam"], files: [("a.pdf", three)]).status == .contentTooLarge)
            #expect(try await member.post("/t/\(thread.threadID)/reply", ["body": String(repeating: "a", count: 3 * Self.mebibyte)]).status
                == .contentTooLarge)
            let anonymous = forum.browser()
            #expect(try await anonymous.postFiles("/t/\(thread.threadID)/reply", ["body": "x"], files: [("a.pdf", three)]).status
                == .contentTooLarge)
        }
    }

    @Test func filesFollowTheirPostsVisibility() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let services = forum.services
            let thread = try await startThread(forum, by: fixture.other, title: "Visibility")
            let author = forum.browser()
            try await author.signIn("lee@example.org")
            try await author.get("/t/\(thread.threadID)")
            #expect(try await author.postFiles("/t/\(thread.threadID)/reply", ["body": "With a file"],
                                               files: [("secret.pdf", FileSamples.pdf)]).status == .seeOther)
            let file = try #require(try await attachments(forum).first)
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            let moderator = forum.browser()
            try await moderator.signIn("maya@example.org")
            let path = "/files/\(file.id)/secret.pdf"
            func expectVisible(member visible: Bool, _ state: String) async throws {
                #expect(try await member.get(path).status == (visible ? .ok : .notFound), "member, \(state)")
                #expect(try await moderator.get(path).status == .ok, "moderator, \(state)")
                #expect(try await member.get("/t/\(thread.threadID)").contains("secret.pdf") == visible, "thread page, \(state)")
            }
            try await expectVisible(member: true, "live")
            _ = try await services.moderation.hidePost(file.postID, by: fixture.moderator, reason: "Check")
            try await expectVisible(member: false, "hidden")
            _ = try await services.moderation.unhidePost(file.postID, by: fixture.moderator)
            try await services.posts.delete(file.postID, by: fixture.other)
            try await expectVisible(member: false, "deleted")
            try await services.posts.restore(file.postID, by: fixture.moderator)
            try await expectVisible(member: true, "restored")
            _ = try await services.moderation.moderate(.delete, thread: thread.threadID, by: fixture.moderator)
            #expect(try await member.get(path).status == .notFound, "thread deleted")
            _ = try await services.moderation.moderate(.restore, thread: thread.threadID, by: fixture.moderator)
            _ = try await services.moderation.moderate(.move, thread: thread.threadID, by: fixture.moderator, destination: "staff")
            #expect(try await member.get(path).status == .notFound, "moved to a private category")
            #expect(try await moderator.get(path).status == .ok)
        }
    }

    @Test func editAddsAndRemovesFilesAndHistoryNamesThem() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.member, title: "Edit files")
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            try await member.get("/p/\(thread.postID)/edit")
            let first = try await member.postFiles("/p/\(thread.postID)/edit", ["body": "First post"],
                                                   files: [("old.pdf", FileSamples.pdf), ("keep.txt", Array("keep\n".utf8))])
            #expect(first.status == .seeOther, "\(first.alerts)")
            let stored = try await attachments(forum)
            let form = try await member.get("/p/\(thread.postID)/edit")
            #expect(form.contains(#"name="remove-\#(stored[0].id)""#))
            #expect(form.contains(#"enctype="multipart/form-data""#))
            let second = try await member.postFiles("/p/\(thread.postID)/edit", ["body": "First post", "remove-\(stored[0].id)": "1"],
                                                    files: [("new.png", FileSamples.png)])
            #expect(second.status == .seeOther, "\(second.alerts)")
            #expect(try await attachments(forum).map(\.name) == ["keep.txt", "new.png"])
            #expect(try await member.get("/files/\(stored[0].id)/old.pdf").status == .notFound)
            let history = try await member.get("/p/\(thread.postID)/history")
            #expect(history.contains("Added old.pdf, keep.txt."))
            #expect(history.contains("Added new.png; removed old.pdf."))

            // Four more would make six.
            let tooMany = try await member.postFiles("/p/\(thread.postID)/edit", ["body": "First post"],
                                                     files: Array(repeating: ("a.txt", Array("a\n".utf8)), count: 4))
            #expect(tooMany.status == .unprocessableContent)
            #expect(try await attachments(forum).count == 2)
            // Another member's file ids are ignored; another member may not edit at all.
            let other = forum.browser()
            try await other.signIn("lee@example.org")
            try await other.get("/t/\(thread.threadID)")
            #expect(try await other.postFiles("/p/\(thread.postID)/edit", ["body": "x", "remove-\(stored[1].id)": "1"], files: []).status
                == .forbidden)
        }
    }

    @Test func malformedUploadsAreRefusedAndSaveNothing() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let thread = try await startThread(forum, by: fixture.other, title: "Malformed")
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            try await member.get("/t/\(thread.threadID)")
            let token = try #require(member.csrf)
            let type = "multipart/form-data; boundary=b"
            let bodies = [
                // Cut off inside the file: no closing delimiter.
                "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--b\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\n%%EOF",
                // Headers far longer than any browser sends.
                "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--b\r\nX-Long: " + String(repeating: "a", count: 200_000),
                // A part without a name.
                "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n",
            ]
            for body in bodies {
                let page = try await member.send("/t/\(thread.threadID)/reply", method: .post, body: ByteBuffer(string: body), contentType: type)
                #expect(page.status == .forbidden)
            }
            #expect(try await attachments(forum).isEmpty)
            #expect(try await postCount(forum) == 1)
        }
    }

    @Test func newThreadTakesFiles() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let member = forum.browser()
            try await member.signIn("sam@example.org")
            let form = try await member.get("/c/general/new")
            #expect(form.contains(#"type="file" multiple"#))
            let created = try await member.postFiles("/c/general/new", ["title": "With a plan", "body": "See the file", "kind": "discussion"],
                                                     files: [("plan.pdf", FileSamples.pdf), ("", [])])
            #expect(created.status == .seeOther, "\(created.alerts)")
            #expect(try await attachments(forum).map(\.name) == ["plan.pdf"])
        }
    }
}
