import Testing

@testable import FormKit

@Suite struct HeaderValueTests {
    @Test func readsTokenAndParameters() {
        let value = HeaderValue("form-data; name=\"files\"; filename=\"a;b.pdf\"; Extra=x")
        #expect(value.value == "form-data")
        #expect(value.parameters["name"] == "files")
        #expect(value.parameters["filename"] == "a;b.pdf")
        #expect(value.parameters["extra"] == "x")
    }

    @Test func firstParameterWinsAndBackslashIsLiteral() {
        let value = HeaderValue("multipart/form-data; boundary=one; boundary=two; filename=\"C:\\x\\y.txt\"")
        #expect(value.parameters["boundary"] == "one")
        #expect(value.parameters["filename"] == "C:\\x\\y.txt")
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
