import Forum
import Testing

@Suite struct BoundedNumbersTests {
    @Test func pageClampsAndItsOffsetNeverOverflows() {
        let huge = Page(number: Int.max, size: 50)
        #expect(huge.number == Page.maxNumber)
        #expect(huge.offset == (Page.maxNumber - 1) * 50)
        #expect(Page(number: Int.min, size: 30).offset == 0)
        #expect(Page(number: 3, size: Int.max).offset >= 0)
        #expect(Page.count(items: Int.max, size: 30) > 0)
        #expect(Page.count(items: 0, size: 0) == 1)
    }

    @Test func onlyPlainDigitsInRangeAreNumbers() {
        #expect(BoundedInteger.parse("42", in: 1...100) == 42)
        #expect(BoundedInteger.parse("-7", in: -10...10) == -7)
        for text in ["", "-", "+5", "0x10", "1e400", " 7", "7 ", "٣", "9223372036854775808", "-9223372036854775808", "101"] {
            #expect(BoundedInteger.parse(text, in: 1...100) == nil, "\(text)")
        }
        #expect(BoundedInteger.clamped("99999999999999999999999", in: 1...1_000) == 1_000)
        #expect(BoundedInteger.clamped("-99999999999999999999999", in: 1...1_000) == 1)
        #expect(BoundedInteger.clamped("0", in: 1...1_000) == 1)
        #expect(BoundedInteger.clamped("abc", in: 1...1_000) == nil)
    }
}
