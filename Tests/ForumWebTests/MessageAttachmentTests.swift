import Forum
import ForumWeb
import Foundation
import Testing
import TestSupport

/// Files on private messages: sent with a new conversation or a reply, listed under their
/// message, and served only to the conversation's current participants.
@Suite struct MessageAttachmentTests {
    func attachments(_ forum: TestForum) async throws -> [(id: Int, name: String, messageID: Int?, postID: Int?)] {
        try await forum.services.db.query("SELECT id, filename, message_id, post_id FROM attachments ORDER BY id").map {
            (try $0.decode("id"), try $0.decode("filename"), try $0.decode("message_id"), try $0.decode("post_id"))
        }
    }

    func count(_ forum: TestForum, _ table: String) async throws -> Int {
        // `table` is one of this file's literals, never input.
        try await forum.services.db.query("SELECT count(*) FROM \(table)")[0].decode(0)
    }

    /// Starts a conversation through the form with `files`; returns its id.
    func start(_ browser: Browser, to: String, files: [(name: String, bytes: [UInt8])]) async throws -> Int {
        try await browser.get("/messages/new")
        let page = try await browser.postFiles("/messages/new", ["to": to, "subject": "Our rubric", "body": "See the file"], files: files)
        #expect(page.status == .seeOther, "\(page.status): \(page.alerts)")
        return Int((page.location ?? "").dropFirst("/messages/".count)) ?? 0
    }

    @Test func participantsDownloadAMessagesFileAndNobodyElse() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            try await makeMember(forum.services, username: "kim", school: "harbor")
            try await makeMember(forum.services, username: "jo", school: "harbor")
            let sam = forum.browser(), lee = forum.browser(), jo = forum.browser()
            let kim = forum.browser(), maya = forum.browser(), ada = forum.browser()
            for (browser, email) in [(sam, "sam"), (lee, "lee"), (jo, "jo"), (kim, "kim"), (maya, "maya"), (ada, "ada")] {
                try await browser.signIn("\(email)@example.org")
            }
            let form = try await sam.get("/messages/new")
            #expect(form.contains(#"enctype="multipart/form-data""#))
            #expect(form.contains(#"type="file" multiple"#))
            let id = try await start(sam, to: "lee, jo", files: [("rubric.pdf", FileSamples.pdf), ("photo.png", FileSamples.png)])
            let stored = try await attachments(forum)
            #expect(stored.map(\.name) == ["rubric.pdf", "photo.png"])
            #expect(stored.allSatisfy { $0.messageID != nil && $0.postID == nil })
            let page = try await lee.get("/messages/\(id)")
            #expect(page.contains(#">rubric.pdf</a>"#))
            #expect(page.contains("PDF, "))
            #expect(page.contains(#"alt="photo.png""#))
            #expect(page.contains(#"enctype="multipart/form-data""#))

            let pdf = "/files/\(stored[0].id)/rubric.pdf"
            for participant in [sam, lee, jo] {
                let download = try await participant.get(pdf)
                #expect(download.status == .ok)
                #expect(Array(download.html.utf8) == FileSamples.pdf)
                #expect(download.headers[.contentType] == "application/pdf")
                #expect(download.headers[.xContentTypeOptions] == "nosniff")
                #expect(download.headers[.contentSecurityPolicy] == "sandbox")
                #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            }
            let image = try await lee.get("/files/\(stored[1].id)/photo.png")
            #expect(image.headers[.contentDisposition]?.hasPrefix("inline;") == true)

            // A member outside, a moderator and an admin: as for the messages themselves.
            for outsider in [kim, maya, ada] {
                #expect(try await outsider.get(pdf).status == .notFound)
                #expect(try await outsider.get("/files/\(stored[1].id)/photo.png").status == .notFound)
            }
            // Anonymous visitors are sent to sign in, as on every member page; no bytes.
            let anonymous = try await forum.browser().get(pdf)
            #expect(anonymous.status != .ok)
            #expect(!anonymous.html.contains("%PDF"))
            // A participant who left loses the files with the conversation.
            #expect(try await jo.post("/messages/\(id)/leave").status == .seeOther)
            #expect(try await jo.get(pdf).status == .notFound)
            #expect(try await lee.get(pdf).status == .ok)
        }
    }

    @Test func aReplyTakesFilesAndTheyAreListedUnderIt() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let id = try await start(sam, to: "lee", files: [])
            #expect(try await attachments(forum).isEmpty)
            try await lee.get("/messages/\(id)")
            let reply = try await lee.postFiles("/messages/\(id)/reply", ["body": "My notes attached"],
                                                files: [("notes.txt", Array("Plain notes\n".utf8)), ("plan.docx", FileSamples.docx)])
            #expect(reply.status == .seeOther, "\(reply.alerts)")
            let messageID = try #require(reply.location?.split(separator: "#m").last.flatMap { Int($0) })
            let stored = try await attachments(forum)
            #expect(stored.map(\.name) == ["notes.txt", "plan.docx"])
            #expect(stored.allSatisfy { $0.messageID == messageID })
            let page = try await sam.get("/messages/\(id)")
            // Listed inside the reply's own article, after its text.
            let article = try #require(page.html.range(of: #"<article id="m\#(messageID)""#))
            let listing = try #require(page.html.range(of: ">notes.txt</a>"))
            #expect(article.upperBound < listing.lowerBound)
            #expect(page.contains(">plan.docx</a>"))
            #expect(try await sam.get("/files/\(stored[1].id)/plan.docx").status == .ok)
        }
    }

    @Test func refusedFilesAnswer422AndSaveNothing() async throws {
        try await withForum { forum in
            _ = try await Fixture.load(forum.services)
            let sam = forum.browser(), lee = forum.browser()
            try await sam.signIn("sam@example.org")
            try await lee.signIn("lee@example.org")
            let id = try await start(sam, to: "lee", files: [])
            let messages = try await count(forum, "messages")
            let conversations = try await count(forum, "conversations")
            let refused: [[(name: String, bytes: [UInt8])]] = [
                [("report.pdf", Array("<!DOCTYPE html><script>alert(1)</script>".utf8))],
                [("archive.docx", FileSamples.zip(["a.txt", "b.txt"]))],
                [("big.pdf", FileSamples.pdf(size: 11 * 1024 * 1024))],
                Array(repeating: ("a.txt", Array("six files\n".utf8)), count: 6),
            ]
            try await lee.get("/messages/\(id)")
            try await sam.get("/messages/new")
            for files in refused {
                let reply = try await lee.postFiles("/messages/\(id)/reply", ["body": "Keep this reply"], files: files)
                #expect(reply.status == .unprocessableContent, "\(files.first?.name ?? "")")
                #expect(reply.contains("Keep this reply"))
                #expect(!reply.alerts.isEmpty)
                let new = try await sam.postFiles("/messages/new", ["to": "lee", "subject": "Kept subject", "body": "Keep this message"],
                                                  files: files)
                #expect(new.status == .unprocessableContent, "\(files.first?.name ?? "")")
                #expect(new.contains("Keep this message"))
                #expect(new.contains("Kept subject"))
                #expect(!new.alerts.isEmpty)
            }
            #expect(try await count(forum, "messages") == messages)
            #expect(try await count(forum, "conversations") == conversations)
            #expect(try await attachments(forum).isEmpty)
            #expect(try await count(forum, "attachment_chunks") == 0)
        }
    }

    @Test func anAttachmentHasExactlyOneOwner() async throws {
        try await withForum { forum in
            let fixture = try await Fixture.load(forum.services)
            let db = forum.services.db
            // Without an owner at commit: refused by the deferred check.
            await #expect(throws: (any Error).self) {
                try await db.query("""
                    INSERT INTO attachments (uploader_id, filename, kind, byte_size) VALUES ($1, 'a.pdf', 'pdf', 1)
                    """, [fixture.member.id])
            }
            let thread = try await startThread(forum, by: fixture.member, title: "Owners")
            let conversation = try await forum.services.messages.start(by: fixture.member, to: "lee", subject: "Hi", body: "Hello")
            await #expect(throws: (any Error).self) {
                try await db.query("""
                    INSERT INTO attachments (post_id, message_id, uploader_id, filename, kind, byte_size)
                    VALUES ($1, $2, $3, 'a.pdf', 'pdf', 1)
                    """, [thread.postID, conversation.messageID, fixture.member.id])
            }
            #expect(try await attachments(forum).isEmpty)
        }
    }
}
