/// Decides a file's kind from its bytes: magic numbers at the start, the trailer a complete
/// file of that kind ends with (so a truncated upload is refused), and for Office files the
/// ZIP's central directory. Reads are bounded: a few KiB at either end, at most
/// `ZIPDirectory.maxDirectorySize` of directory, and one streaming pass for text.
public enum FileKindDetector {
    public static func detect(_ file: some ByteSource) throws -> FileKind? {
        let size = file.count
        guard size > 0 else { return nil }
        let head = try file.read(offset: 0, length: 16)
        if head.starts(with: Array("%PDF-".utf8)) {
            // A complete PDF ends with `%%EOF` (perhaps followed by a line end or padding).
            let tail = try file.read(offset: max(0, size - 1024), length: 1024)
            return tail.contains(subsequence: Array("%%EOF".utf8)) ? .pdf : nil
        }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // The header chunk comes first and the IEND chunk (with its fixed CRC) last.
            guard head.count >= 16, Array(head[12..<16]) == Array("IHDR".utf8) else { return nil }
            let tail = try file.read(offset: max(0, size - 12), length: 12)
            return tail == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82] ? .png : nil
        }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            // End-of-image marker, allowing a little padding some cameras add after it.
            let tail = try file.read(offset: max(0, size - 64), length: 64)
            return tail.contains(subsequence: [0xFF, 0xD9]) ? .jpeg : nil
        }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) {
            let tail = try file.read(offset: size - 1, length: 1)
            return size >= 14 && tail == [0x3B] ? .gif : nil
        }
        if head.count >= 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) {
            // The RIFF header states the length of what follows it: all of it must be here.
            let declared = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
            return size >= 20 && declared + 8 <= size && declared + 8 + 1 >= size ? .webp : nil
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return try ZIPDirectory.officeKind(of: file)
        }
        return try TextScanner.kind(of: file)
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}
