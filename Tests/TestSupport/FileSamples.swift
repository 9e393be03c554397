/// Minimal files of each kind, built byte by byte so the tests need no fixtures on disk.
public enum FileSamples {
    public static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    /// A PDF of exactly `size` bytes (at least 16): header, filler, trailer.
    public static func pdf(size: Int) -> [UInt8] {
        let head = Array("%PDF-1.4\n".utf8), tail = Array("\n%%EOF\n".utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, size - head.count - tail.count)) + tail
    }

    public static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        + [0, 0, 0, 13] + Array("IHDR".utf8) + [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0] + [0x90, 0x77, 0x53, 0xDE]
        + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    public static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        + [0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0] + [0x12, 0x34] + [0xFF, 0xD9]

    public static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0] + [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0] + [0x3B]

    public static let webp: [UInt8] = {
        let payload = Array("WEBP".utf8) + Array("VP8L".utf8) + [5, 0, 0, 0, 0x2F, 0, 0, 0, 0] + [0]
        let size = payload.count
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), 0, 0] + payload
    }()

    /// A ZIP holding empty stored entries with these names: local headers, central directory
    /// and end record, as any zip tool writes them (CRCs are not checked by detection).
    public static func zip(_ names: [String]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        for name in names {
            let nameBytes = Array(name.utf8)
            let offset = out.count
            out += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + le32(0)
                + le16(nameBytes.count) + le16(0) + nameBytes
            central += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(0) + le32(0) + le16(nameBytes.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset)
                + nameBytes
        }
        let directoryOffset = out.count
        out += central
        out += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(names.count) + le16(names.count)
            + le32(central.count) + le32(directoryOffset) + le16(0)
        return out
    }

    public static let docx = zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"])
    public static let xlsx = zip(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"])
    public static let pptx = zip(["[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml", "ppt/slides/slide1.xml"])
}
