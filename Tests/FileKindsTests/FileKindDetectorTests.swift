import Testing

@testable import FileKinds
import TestSupport

@Suite struct FileKindDetectorTests {
    @Test func acceptsEveryKindFromItsBytes() throws {
        let cases: [([UInt8], FileKind)] = [
            (FileSamples.pdf, .pdf), (FileSamples.png, .png), (FileSamples.jpeg, .jpeg), (FileSamples.gif, .gif),
            (FileSamples.webp, .webp), (Array("Notes for Monday.\nBring the rubric.\n".utf8), .text),
            (Array("name,school,score\nAda,North,3\n\"Lee, J\",South,4\n".utf8), .csv),
            (FileSamples.docx, .docx), (FileSamples.xlsx, .xlsx), (FileSamples.pptx, .pptx),
            (Array("Grüße, Ünïcödé ✓ 📎\r\n\tindented\u{0C}".utf8), .text),
        ]
        for (bytes, kind) in cases {
            #expect(try FileKindDetector.detect(bytes) == kind, "\(kind)")
        }
    }

    @Test func refusesRenamedHTMLAndMarkup() throws {
        for markup in ["<!DOCTYPE html><html><script>alert(1)</script></html>", "  \n<svg onload=alert(1)></svg>",
                       "\u{FEFF}<html>", "<?xml version=\"1.0\"?><a/>"] {
            #expect(try FileKindDetector.detect(Array(markup.utf8)) == nil, "\(markup)")
        }
    }

    @Test func refusesZIPsThatAreNotOfficeFiles() throws {
        #expect(try FileKindDetector.detect(FileSamples.zip(["a.txt", "b/c.png"])) == nil)
        // The content types alone, or a main part without them, or two main parts at once.
        #expect(try FileKindDetector.detect(FileSamples.zip(["[Content_Types].xml", "a.txt"])) == nil)
        #expect(try FileKindDetector.detect(FileSamples.zip(["word/document.xml"])) == nil)
        #expect(try FileKindDetector.detect(FileSamples.zip(["[Content_Types].xml", "word/document.xml", "xl/workbook.xml"])) == nil)
        // An EPUB or a JAR is a ZIP too.
        #expect(try FileKindDetector.detect(FileSamples.zip(["mimetype", "META-INF/container.xml"])) == nil)
    }

    @Test func refusesTruncatedFiles() throws {
        for sample in [FileSamples.pdf, FileSamples.png, FileSamples.jpeg, FileSamples.gif, FileSamples.webp, FileSamples.docx] {
            #expect(try FileKindDetector.detect(Array(sample.dropLast(6))) == nil)
            #expect(try FileKindDetector.detect(Array(sample.prefix(sample.count / 2))) == nil)
        }
        #expect(try FileKindDetector.detect([UInt8]()) == nil)
    }

    @Test func refusesBinaryAndBadText() throws {
        let refused: [[UInt8]] = [
            Array("hello\0world".utf8),                 // NUL
            Array("bell\u{07}".utf8),                    // control character
            [0x68, 0x69, 0xC3],                          // UTF-8 cut in the middle of a character
            [0xC0, 0xAF],                                // overlong "/"
            [0xED, 0xA0, 0x80],                          // a surrogate
            [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0],        // an ELF executable
            [0x4D, 0x5A, 0x90, 0x00],                    // a Windows executable
        ]
        for bytes in refused {
            #expect(try FileKindDetector.detect(bytes) == nil, "\(bytes)")
        }
    }

    @Test func zipWithImplausibleDirectoryIsRefusedWithoutReadingIt() throws {
        var zip = FileSamples.docx
        // Directory size 0xFFFFFFFF: past the end of the file.
        let end = zip.count - 22
        zip[end + 12] = 0xFF; zip[end + 13] = 0xFF; zip[end + 14] = 0xFF; zip[end + 15] = 0xFF
        #expect(try FileKindDetector.detect(zip) == nil)
    }

    @Test func tellsCSVFromProse() {
        #expect(TextScanner.looksLikeCSV(Array("a,b\n1,2\n".utf8)))
        #expect(!TextScanner.looksLikeCSV(Array("Hello, world.\nSee you.\n".utf8)))
        #expect(!TextScanner.looksLikeCSV(Array("one line, only".utf8)))
    }
}

@Suite struct FileNameTests {
    @Test func dropsPathsAndControlCharacters() {
        #expect(FileName.cleaned("../../etc/passwd") == "passwd")
        #expect(FileName.cleaned("C:\\Users\\ada\\rubric.pdf") == "rubric.pdf")
        #expect(FileName.cleaned("a\u{0}b\r\nc.txt") == "abc.txt")
        #expect(FileName.cleaned("invoice\u{202E}fdp.exe") == "invoicefdp.exe")
        #expect(FileName.cleaned("   ") == "file")
        #expect(FileName.cleaned(".hidden") == "hidden")
        #expect(FileName.cleaned("") == "file")
    }

    @Test func capsLengthKeepingTheExtension() {
        let name = FileName.cleaned(String(repeating: "é", count: 500) + ".docx")
        #expect(name.count == FileName.maxLength)
        #expect(name.hasSuffix(".docx"))
    }

    @Test func contentDispositionCarriesRFC6266Name() {
        #expect(FileName.contentDisposition("Plan été \"2\";.pdf", inline: false)
            == "attachment; filename=\"Plan _t_ _2__.pdf\"; filename*=UTF-8''Plan%20%C3%A9t%C3%A9%20%222%22%3B.pdf")
        #expect(FileName.contentDisposition("a.png", inline: true) == "inline; filename=\"a.png\"; filename*=UTF-8''a.png")
    }
}
