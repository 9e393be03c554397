import Foundation
@testable import Markdown
import Testing

@Suite struct RobustnessTests {
    static let twoMegabytes = 2_000_000

    /// Named so that test output shows the name, not 50 KB of source.
    struct Pathological: CustomTestStringConvertible, Sendable {
        let testDescription: String
        let source: String

        init(_ piece: String, _ count: Int, then tail: String = "") {
            testDescription = "\"\(piece.debugDescription.dropFirst().dropLast())\" x \(count)" + (tail.isEmpty ? "" : " + \(tail.utf8.count) B")
            source = String(repeating: piece, count: count) + tail
        }
    }

    @Test(arguments: [
        Pathological("> ", 50_000),
        Pathological("[", 50_000),
        Pathological("*a ", 20_000),
        Pathological("- ", 25_000),
        Pathological("_", 50_000, then: "a"),
        Pathological("a_", 25_000),
        Pathological("![[](", 10_000),
        Pathological("`", 25_000, then: "a" + String(repeating: "`", count: 24_000)),
        Pathological("<a ", 16_000),
        Pathological("&#x", 16_000),
        Pathological("[a](b ", 8_000),
        Pathological("@ab ", 12_000),
        Pathological("> @ab\n", 7_000),
        Pathological("| ", 25_000, then: "\n" + String(repeating: "|-", count: 12_000)),
    ])
    func pathologicalInputStaysSmall(_ input: Pathological) {
        let html = renderer.render(input.source, linkingMentions: ["ab"])
        #expect(html.utf8.count < Self.twoMegabytes)
        expectSafe(html)
    }

    @Test func wideTableDoesNotBlowUp() {
        let header = "|" + String(repeating: "a|", count: 2_000)
        let delimiter = "|" + String(repeating: "-|", count: 2_000)
        let source = header + "\n" + delimiter + "\n" + String(repeating: "|x|\n", count: 1_000)
        let html = renderer.render(source)
        #expect(html.utf8.count < Self.twoMegabytes)
        #expect(!html.contains("<table>"))
    }

    @Test func paddedRowsUnderAnAllowedHeaderAreCapped() {
        let header = "|" + String(repeating: "a|", count: 20) + "\n|" + String(repeating: "-|", count: 20) + "\n"
        // 24,000 one-character rows would be padded to 480,000 cells (5 MB of HTML).
        let abusive = renderer.render(header + String(repeating: "x\n", count: 24_000))
        #expect(!abusive.contains("<table>"))
        #expect(abusive.utf8.count < Self.twoMegabytes)
        // A big but honest table is still a table.
        let honest = renderer.render(header + String(repeating: "|" + String(repeating: "1|", count: 20) + "\n", count: 1_000))
        #expect(honest.contains("<table>"))
        #expect(honest.components(separatedBy: "<td>1</td>").count - 1 == 20_000)
    }

    @Test func tableCellsAreCountedInsideContainers() {
        let table = "| a | b |\n|---|---|\n" + String(repeating: "x\n", count: 3)
        let document = "> - " + table.replacingOccurrences(of: "\n", with: "\n>   ")
        let cells = withCmark { engine in
            engine.withDocument(Array(document.utf8), tables: true) { TableSize.cellCount($0.root) }
        }
        #expect(cells == 8)
    }

    @Test func referenceExpansionIsBounded() {
        // One long definition used thousands of times would otherwise produce ~100 MB.
        let source = "[a]: /" + String(repeating: "x", count: 25_000) + "\n\n" + String(repeating: "[a] ", count: 6_000)
        let html = renderer.render(source)
        #expect(html.utf8.count < Self.twoMegabytes)
        expectSafe(html)
    }

    @Test func unusualCharacters() {
        let html = renderer.render("nul \u{0} bom \u{FEFF} rtl \u{202E} emoji 👩‍👩‍👧 @ab\u{301}c\r\nline")
        #expect(html.hasPrefix("<p>nul \u{FFFD} bom"))
        expectSafe(html)
    }

    @Test func emptyAndWhitespace() {
        #expect(renderer.render("") == "")
        #expect(renderer.render("   \n\n\t") == "")
        #expect(MarkdownRenderer(limits: .init(maxSourceBytes: 0)).render("# hi") == "")
        #expect(MarkdownRenderer.mentionedUsernames(in: "") == [])
    }

    @Test func concurrentRenderingIsConsistent() async {
        let source = "# Title\n\n| a | b |\n|---|---|\n| ~~x~~ | **y** |\n\nHi @alice, ~~gone~~ www.example.com\n"
        let expected = """
            <h3>Title</h3>
            <table>
            <thead>
            <tr>
            <th>a</th>
            <th>b</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td><del>x</del></td>
            <td><strong>y</strong></td>
            </tr>
            </tbody>
            </table>
            <p>Hi <a href="/u/alice" class="mention">@alice</a>, <del>gone</del> <a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a></p>

            """
        let outputs = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<200).map { _ in renderer.render(source, linkingMentions: ["alice"]) }
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(outputs.count == 1_600)
        #expect(outputs.allSatisfy { $0 == expected })
    }

    /// Prints timings for the report; deliberately asserts nothing about speed.
    @Test func timingOfARealisticPost() {
        var post = ""
        var section = 0
        while post.utf8.count < 100_000 {
            section += 1
            post += """
                ## Section \(section)

                Thanks @alice for the *detailed* write-up. I tried the **second** approach from \
                https://example.com/docs/\(section) and it mostly worked, but `swift build` still \
                complains about ~~missing~~ renamed symbols. See [the issue](https://github.com/x/y/issues/\(section)) \
                and ![screenshot](https://img.example/\(section).png).

                > Quoting @bob: it is probably the cache.
                > Try `rm -rf .build` first.

                - step one
                - step two with a [link][ref\(section)]
                  1. nested
                  2. list

                | option | default | notes |
                |--------|:-------:|-------|
                | limit  | 20      | ~~30~~ |
                | depth  | 4       | see above |

                ```swift
                let renderer = MarkdownRenderer()
                print(renderer.render("# hi <b>"))
                ```

                [ref\(section)]: https://example.org/ref/\(section)


                """
        }
        let big = MarkdownRenderer(limits: .init(maxSourceBytes: 200_000))
        _ = big.render(post, linkingMentions: ["alice", "bob"])

        let clock = ContinuousClock()
        var html = ""
        let runs = 10
        let elapsed = clock.measure {
            for _ in 0..<runs { html = big.render(post, linkingMentions: ["alice", "bob"]) }
        }
        let extraction = clock.measure { _ = MarkdownRenderer.mentionedUsernames(in: post) }
        print("timing: \(post.utf8.count) B post -> \(html.utf8.count) B HTML, render \(elapsed / runs) per run (debug build, mean of \(runs)); mention extraction (50 KB cap) \(extraction)")
        expectSafe(html)
    }
}
