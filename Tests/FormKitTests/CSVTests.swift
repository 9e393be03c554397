import Testing

@testable import FormKit

@Suite struct CSVTests {
    func parse(_ s: String) throws -> [[String]] { try CSV.parse(Array(s.utf8)) }

    @Test func simpleRowsWithAnyLineEnding() throws {
        let expected = [["a", "b"], ["c", "d"], ["e", "f"]]
        #expect(try parse("a,b\nc,d\ne,f") == expected)
        #expect(try parse("a,b\r\nc,d\r\ne,f\r\n") == expected)
        #expect(try parse("a,b\rc,d\re,f\r") == expected)
        #expect(try parse("a,b\r\nc,d\ne,f\r") == expected)
    }

    @Test func bomIsIgnored() throws {
        #expect(try CSV.parse([0xEF, 0xBB, 0xBF] + Array("name,email\nx,y".utf8)) == [["name", "email"], ["x", "y"]])
    }

    @Test func quotedFields() throws {
        let csv = "\"a,b\",\"say \"\"hi\"\"\",\"multi\r\nline\"\n\"\",x,\"\"\"\""
        #expect(try parse(csv) == [["a,b", "say \"hi\"", "multi\r\nline"], ["", "x", "\""]])
    }

    @Test func whitespaceTrimmedOnlyOutsideQuotes() throws {
        #expect(try parse("  a  ,\tb\t, \" c \" ,d") == [["a", "b", " c ", "d"]])
    }

    @Test func blankLinesSkippedButEmptyFieldsKept() throws {
        #expect(try parse("\n\na,b\n\n   \r\n,\nc,\n\n") == [["a", "b"], ["", ""], ["c", ""]])
        #expect(try parse("") == [])
        #expect(try parse("\"\"") == [[""]])
    }

    @Test func unicodeSurvives() throws {
        #expect(try parse("名前,メール\nÉmile,é@x.fr") == [["名前", "メール"], ["Émile", "é@x.fr"]])
    }

    @Test func invalidUTF8Throws() {
        #expect(throws: CSVError.invalidEncoding) { try CSV.parse([0x61, 0x2C, 0xFF, 0x0A]) }
        #expect(throws: CSVError.invalidEncoding) { try CSV.parse([0xC3]) }  // truncated sequence
    }

    @Test func unterminatedQuoteReportsItsLine() {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) { try parse("a\nb\n\"open,\nmore\n") }
    }

    @Test func recordsUseHeaderAndPhysicalLineNumbers() throws {
        let csv = "\u{FEFF} Name , EMAIL ,Role\nAlice,alice@x.org,admin\n\n\"Bob\nBuilder\",bob@x.org\nCarol,carol@x.org,user,extra\r\n"
        let (header, rows) = try CSV.parseRecords(Array(csv.utf8))
        #expect(header == ["name", "email", "role"])
        #expect(rows.map(\.line) == [2, 4, 6])
        #expect(rows[0].fields == ["name": "Alice", "email": "alice@x.org", "role": "admin"])
        #expect(rows[1].fields == ["name": "Bob\nBuilder", "email": "bob@x.org", "role": ""])
        #expect(rows[2].fields["role"] == "user")
    }

    @Test func recordsOfEmptyInput() throws {
        let (header, rows) = try CSV.parseRecords([])
        #expect(header.isEmpty && rows.isEmpty)
    }
}
