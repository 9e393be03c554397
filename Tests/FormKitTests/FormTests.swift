import Testing

@testable import FormKit

@Suite struct MultipartFormTests {
    func body(_ s: String) -> [UInt8] { Array(s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8) }

    @Test func parsesFieldsAndFiles() throws {
        let raw = body("""
            preamble to ignore
            --XyZ
            Content-Disposition: form-data; name="title"

            Hello, world
            --XyZ
            content-disposition: form-data; name="note"

            line1
            line2
            --XyZ
            Content-Disposition: form-data; name="import"; filename="users; 2024.csv"
            Content-Type: text/csv

            name,email
            a,b@c.d

            --XyZ
            Content-Disposition: form-data; name="avatar"; filename=""
            Content-Type: application/octet-stream


            --XyZ--
            epilogue
            """)
        let form = try MultipartForm.parse(body: raw, contentType: "multipart/form-data; boundary=\"XyZ\"")
        #expect(form.parts.count == 4)
        #expect(form.value("title") == "Hello, world")
        #expect(form.value("note") == "line1\r\nline2")
        let file = try #require(form.file("import"))
        #expect(file.filename == "users; 2024.csv")
        #expect(file.contentType == "text/csv")
        #expect(String(decoding: file.body, as: UTF8.self) == "name,email\r\na,b@c.d\r\n")
        #expect(form.file("avatar") == nil)  // no file chosen
        #expect(form.value("missing") == nil)
    }

    @Test func binaryBodyWithNearMissDelimiters() throws {
        let payload: [UInt8] = [0, 13, 10, 45, 45, 98, 13, 10, 45, 45, 0xFF, 13]  // "\r\n--b" but not "--bnd"
        let raw = Array("--bnd\r\nContent-Disposition: form-data; name=f; filename=x.bin\r\n\r\n".utf8) + payload + Array("\r\n--bnd--".utf8)
        let form = try MultipartForm.parse(body: raw, contentType: "multipart/form-data; charset=utf-8; boundary=bnd")
        #expect(form.file("f")?.body == payload)
    }

    @Test func malformedInputThrows() {
        let ok = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--"
        let cases: [(String, String, MultipartError)] = [
            (ok, "multipart/form-data", .missingBoundary),
            (ok, "application/json; boundary=b", .notMultipartFormData),
            (ok, "multipart/form-data; boundary=" + String(repeating: "x", count: 71), .invalidBoundary),
            ("no delimiter here", "multipart/form-data; boundary=b", .missingOpeningDelimiter),
            ("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1", "multipart/form-data; boundary=b", .missingClosingDelimiter),
            ("--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b", "multipart/form-data; boundary=b", .missingClosingDelimiter),
            ("--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--", "multipart/form-data; boundary=b", .missingContentDisposition),
            ("--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--", "multipart/form-data; boundary=b", .missingFieldName),
            ("--b\r\ngarbage\r\n\r\n1\r\n--b--", "multipart/form-data; boundary=b", .malformedPartHeaders),
            ("--b\r\nContent-Disposition: form-data; name=a\r\n1\r\n--b--", "multipart/form-data; boundary=b", .malformedPartHeaders),
            ("--b", "multipart/form-data; boundary=b", .missingClosingDelimiter),
        ]
        for (raw, contentType, error) in cases {
            #expect(throws: error) { try MultipartForm.parse(body: Array(raw.utf8), contentType: contentType) }
        }
    }

    @Test func partCountIsLimited() {
        let part = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n"
        let raw = String(repeating: part, count: 101) + "--b--"
        #expect(throws: MultipartError.tooManyParts(limit: 100)) {
            try MultipartForm.parse(body: Array(raw.utf8), contentType: "multipart/form-data; boundary=b")
        }
        #expect(throws: Never.self) {
            try MultipartForm.parse(body: Array(raw.utf8), contentType: "multipart/form-data; boundary=b", maxParts: 101)
        }
    }

    @Test(.timeLimit(.minutes(1))) func largeAdversarialBodyIsFast() throws {
        // Many near-matches of the delimiter: quadratic slicing or searching would crawl here.
        let filler = [UInt8](repeating: 0, count: 0).reserved(3_000_000) { bytes in
            while bytes.count < 3_000_000 { bytes += [13, 10, 45, 45, 65, 65, 65] }
        }
        let raw = Array("--AAAB\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\n".utf8) + filler + Array("\r\n--AAAB--\r\n".utf8)
        let form = try MultipartForm.parse(body: raw, contentType: "multipart/form-data; boundary=AAAB")
        #expect(form.file("f")?.body.count == filler.count)
    }
}

extension Array {
    fileprivate func reserved(_ n: Int, _ fill: (inout [Element]) -> Void) -> [Element] {
        var copy = self
        copy.reserveCapacity(n)
        fill(&copy)
        return copy
    }
}

@Suite struct URLEncodedFormTests {
    @Test func decodesPlusAndPercent() {
        #expect(URLEncodedForm.parse("a=1&b=x+y&c=%C3%A9") == ["a": "1", "b": "x y", "c": "é"])
    }

    @Test func edgeCases() {
        let form = URLEncodedForm.parse("k=first&k=second&flag&&empty=&bad=%zz%4&pct=100%&x%2By=a%2Bb&=nokey&inv=%FF")
        #expect(form["k"] == "first")
        #expect(form["flag"] == "")
        #expect(form["empty"] == "")
        #expect(form["bad"] == "%zz%4")
        #expect(form["pct"] == "100%")
        #expect(form["x+y"] == "a+b")
        #expect(form["inv"] == "\u{FFFD}")
        #expect(form[""] == nil)
        #expect(URLEncodedForm.parse("") == [:])
        #expect(URLEncodedForm.parse("a=b=c") == ["a": "b=c"])
    }
}

@Suite struct EmailAddressTests {
    @Test(arguments: ["alice@example.org", "a.b+tag@sub.example.co.uk", "x@a.io", "ünï@bücher.de"])
    func valid(_ s: String) { #expect(EmailAddress.isValid(s)) }

    @Test(arguments: [
        "", "alice", "@example.org", "alice@", "alice@localhost", "a@b@c.de", "al ice@example.org",
        "alice@example..org", "alice@.example.org", "alice@example.org.", "alice@example.org\r\nBcc: x@y.z",
        "<alice@example.org>", "\"al\"@example.org", " alice@example.org",
        String(repeating: "a", count: 65) + "@example.org",
        "a@" + String(repeating: "b", count: 250) + ".com",
    ])
    func invalid(_ s: String) { #expect(!EmailAddress.isValid(s)) }

    @Test func normalizes() {
        #expect(EmailAddress.normalized("  Alice@Example.ORG \n") == "alice@example.org")
        #expect(EmailAddress.isValid(EmailAddress.normalized(" Alice@Example.org ")))
    }
}
