/// Reads a ZIP's central directory (never its compressed data) to tell the three Office
/// formats from any other ZIP. An OOXML package holds `[Content_Types].xml` and the main part
/// its content types name: `word/document.xml`, `xl/workbook.xml` or `ppt/presentation.xml`.
/// Checking that both entries exist keeps this free of a decompressor; a plain ZIP, a JAR or
/// an EPUB has neither and is refused.
enum ZIPDirectory {
    /// A directory larger than this is not a document a member writes (10,000 short names).
    static let maxDirectorySize = 1 << 20
    static let maxEntries = 10_000

    static func officeKind(of file: some ByteSource) throws -> FileKind? {
        let names = try entryNames(of: file)
        guard let names, names.contains("[Content_Types].xml") else { return nil }
        let mains: [(String, FileKind)] = [
            ("word/document.xml", .docx), ("xl/workbook.xml", .xlsx), ("ppt/presentation.xml", .pptx),
        ]
        let found = mains.filter { names.contains($0.0) }
        // Exactly one main part: a file claiming to be two kinds at once is not an Office file.
        return found.count == 1 ? found[0].1 : nil
    }

    /// The entry names, or nil when the directory is missing, truncated or implausible.
    static func entryNames(of file: some ByteSource) throws -> Set<String>? {
        let size = file.count
        // The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
        let tailLength = min(size, 22 + 65_535)
        let tail = try file.read(offset: size - tailLength, length: tailLength)
        guard tail.count >= 22 else { return nil }
        var recordStart: Int?
        var index = tail.count - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                recordStart = index
                break
            }
            index -= 1
        }
        guard let record = recordStart else { return nil }
        let entryCount = tail.uint16(at: record + 10)
        let directorySize = tail.uint32(at: record + 12)
        let directoryOffset = tail.uint32(at: record + 16)
        guard entryCount > 0, entryCount <= maxEntries, directorySize <= maxDirectorySize,
              directoryOffset + directorySize <= size else { return nil }
        let directory = try file.read(offset: directoryOffset, length: directorySize)
        guard directory.count == directorySize else { return nil }
        var names: Set<String> = []
        var position = 0
        for _ in 0..<entryCount {
            guard position + 46 <= directory.count,
                  directory[position] == 0x50, directory[position + 1] == 0x4B,
                  directory[position + 2] == 0x01, directory[position + 3] == 0x02
            else { return nil }
            let nameLength = directory.uint16(at: position + 28)
            let extraLength = directory.uint16(at: position + 30)
            let commentLength = directory.uint16(at: position + 32)
            let nameEnd = position + 46 + nameLength
            guard nameEnd <= directory.count else { return nil }
            names.insert(String(decoding: directory[(position + 46)..<nameEnd], as: UTF8.self))
            position = nameEnd + extraLength + commentLength
        }
        return names
    }
}

extension Array where Element == UInt8 {
    func uint16(at index: Int) -> Int {
        guard index >= 0, index + 2 <= count else { return 0 }
        return Int(self[index]) | Int(self[index + 1]) << 8
    }

    func uint32(at index: Int) -> Int {
        guard index >= 0, index + 4 <= count else { return 0 }
        return Int(self[index]) | Int(self[index + 1]) << 8 | Int(self[index + 2]) << 16 | Int(self[index + 3]) << 24
    }
}
