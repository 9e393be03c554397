import Testing

@testable import FormKit

/// The streaming multipart parser: the same parts however the body is cut into buffers,
/// delimiter look-alikes kept as data, and malformed bodies refused.
@Suite struct MultipartStreamParserTests {
    struct Part: Equatable {
        var headers: [String] = []
        var bytes: [UInt8] = []
    }

    /// Feeds `body` in buffers of `size` bytes; returns the parts and whether it completed.
    func parse(_ body: [UInt8], boundary: String = "XyZ", size: Int) throws -> (parts: [Part], complete: Bool) {
        let parser = MultipartStreamParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        parser.onHeader = { name, value in current.headers.append("\(name)=\(value)") }
        parser.onBody = { bytes in current.bytes.append(contentsOf: bytes) }
        parser.onPartComplete = { parts.append(current); current = Part() }
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + size)
            try parser.execute(Array(body[offset..<end]))
            offset = end
        }
        return (parts, parser.isComplete)
    }

    static let tricky: [UInt8] = Array("line\r\n--XyQ-not\r\n-\r\r\n--Xy".utf8) + [0, 13, 255, 13, 10, 13]

    var body: [UInt8] {
        Array("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst\r\n".utf8)
            + Array("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"Été.bin\"\r\nContent-Type:\tapplication/x\r\n\r\n".utf8)
            + Self.tricky
            + Array("\r\n--XyZ\r\n\r\n\r\n--XyZ--\r\nepilogue\r\n--XyZ\r\n".utf8)
    }

    @Test func samePartsWhateverTheBufferSizes() throws {
        let expected = [
            Part(headers: ["Content-Disposition=form-data; name=\"a\""], bytes: Array("first".utf8)),
            Part(headers: ["Content-Disposition=form-data; name=\"f\"; filename=\"Été.bin\"", "Content-Type=application/x"],
                 bytes: Self.tricky),
            Part(headers: [], bytes: []),
        ]
        for size in [1, 2, 3, 5, 7, 11, 16, 64, body.count] {
            let result = try parse(body, size: size)
            #expect(result.parts == expected, "buffers of \(size)")
            #expect(result.complete, "buffers of \(size)")
        }
    }

    @Test func aBodyStartingWithTheDelimiterAndLargeFiles() throws {
        let file = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n".utf8) + file
            + Array("\r\n--XyZ--\r\n".utf8)
        let result = try parse(body, size: 65_536)
        #expect(result.parts.count == 1)
        #expect(result.parts.first?.bytes == file)
        #expect(result.complete)
    }

    @Test func aBodyCutShortIsNotComplete() throws {
        let cut = Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nfirst\r\n--XyZ\r\nContent-Dis".utf8)
        #expect(try parse(cut, size: 4).complete == false)
        #expect(try parse(Array("--XyZ\r\nA: b\r\n\r\nfirst\r\n--XyZ".utf8), size: 100).complete == false)
        #expect(try parse([], size: 1).complete == false)
    }

    @Test func malformedBodiesAreRefused() {
        let bodies = [
            "--XyZ\r\nno colon here\r\n\r\nx\r\n--XyZ--\r\n",
            "--XyZ\r\n: empty name\r\n\r\nx\r\n--XyZ--\r\n",
            "--XyZ\r\nBad Name: x\r\n\r\nx\r\n--XyZ--\r\n",
            "--XyZjunk\r\nA: b\r\n\r\nx\r\n--XyZ--\r\n",
            "--XyZ\r\nA: b\rC: d\r\n\r\nx\r\n--XyZ--\r\n",
        ]
        for body in bodies {
            #expect(throws: MultipartStreamParser.Failure.syntax, "\(body)") { try parse(Array(body.utf8), size: 3) }
        }
        let long = "--XyZ\r\nX-Long: " + String(repeating: "a", count: 20_000)
        #expect(throws: MultipartStreamParser.Failure.headersTooLong) { try parse(Array(long.utf8), size: 1000) }
        let longEnded = long + "\r\n\r\nx\r\n--XyZ--\r\n"
        #expect(throws: MultipartStreamParser.Failure.headersTooLong) { try parse(Array(longEnded.utf8), size: 100_000) }
    }

    @Test func manySmallPartsInOneBuffer() throws {
        let body = Array((String(repeating: "--XyZ\r\nA: b\r\n\r\nx\r\n", count: 20_000) + "--XyZ--\r\n").utf8)
        let result = try parse(body, size: body.count)
        #expect(result.parts.count == 20_000)
        #expect(result.complete)
    }
}
