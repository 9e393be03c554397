#if canImport(Glibc)
import Glibc
#endif
import FileKinds

/// A spooled upload read back by offset, for kind detection and for copying into the database.
final class LocalFile: ByteSource {
    let count: Int
    private let descriptor: Int32

    init(path: String, size: Int) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw AttachmentError.unreadable }
        count = size
    }

    deinit { close(descriptor) }

    func read(offset: Int, length: Int) throws -> [UInt8] {
        guard offset >= 0, length > 0, offset < count else { return [] }
        let wanted = min(length, count - offset)
        var bytes = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + done }, wanted - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            done += got
        }
        return done == wanted ? bytes : Array(bytes[0..<done])
    }
}

enum AttachmentError: Error {
    case unreadable
}
