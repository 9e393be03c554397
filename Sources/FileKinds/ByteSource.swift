/// Random access to a file's bytes, so detection reads only what it needs (a few bytes at the
/// start and end, a ZIP's central directory) from a file spooled to disk, or from an array in
/// tests.
public protocol ByteSource {
    var count: Int { get }
    /// Up to `length` bytes from `offset`; fewer only at the end of the file.
    func read(offset: Int, length: Int) throws -> [UInt8]
}

extension Array: ByteSource where Element == UInt8 {
    public func read(offset: Int, length: Int) throws -> [UInt8] {
        guard offset >= 0, length >= 0, offset < count else { return [] }
        let end = offset + Swift.min(length, count - offset)
        return Array(self[offset..<end])
    }
}
