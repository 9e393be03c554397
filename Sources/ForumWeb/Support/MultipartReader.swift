#if canImport(Glibc)
import Glibc
#endif
import FormKit
import Forum
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// Reads a `multipart/form-data` body as it arrives (FormKit's `MultipartStreamParser`),
/// never holding it whole: text fields and small files (the CSV of a bulk invitation) are kept
/// in memory within `memoryBudget`; on attachment routes each `files` part is written to a
/// private temporary file as its bytes come (written in batches on NIO's thread pool for
/// blocking I/O, never on Swift's cooperative pool), at most `Attachments.maxFileSize` of it and at
/// most `Attachments.maxFiles` files (the rest only counted, so the handler can say what was
/// wrong with a 422).
struct MultipartReader {
    /// Bytes of the whole request; more is a 413.
    var maxBody: Int
    /// Text fields and in-memory files together; more is a 413.
    var memoryBudget = 2 * 1024 * 1024
    /// Whether `files` parts are spooled to disk as attachments.
    var spoolsAttachments: Bool
    static let attachmentField = "files"
    static let maxParts = 100
    /// The parser buffers a part's headers without reporting progress: this much input with
    /// no callback means headers (or a preamble) no browser sends, so the form is malformed.
    static let maxSilentBytes = 64 * 1024
    /// Parsing is CPU work on Swift's cooperative pool (two threads on a two-core machine), and
    /// a body already buffered is read without suspending: after this many bytes the reader
    /// yields, so concurrent uploads and page views take turns instead of starving each other
    /// (and being cut by the idle timeout).
    static let bytesBetweenYields = 1024 * 1024
    /// Spooled bytes held before they are written out: the memory each upload costs.
    static let spoolBatch = 256 * 1024

    enum Failure: Error { case malformed }

    /// The parsed form; a malformed body gives an empty form (so no CSRF token: 403).
    /// Temporary files are removed when reading fails; on success the caller removes them.
    func read(_ body: RequestBody, boundary: String) async throws -> FormData {
        let collector = Collector(reader: self)
        do {
            guard !boundary.isEmpty, boundary.utf8.count <= 70 else { throw Failure.malformed }
            let parser = MultipartStreamParser(boundary: boundary)
            parser.onHeader = { name, value in collector.header(name, value) }
            parser.onBody = { bytes in collector.body(bytes) }
            parser.onPartComplete = { collector.complete() }
            var total = 0
            var sinceYield = 0
            for try await buffer in body {
                total += buffer.readableBytes
                guard total <= maxBody else { throw HTTPError(.contentTooLarge) }
                collector.silentBytes += buffer.readableBytes
                try buffer.withUnsafeReadableBytes { try parser.execute($0) }
                if let error = collector.error { throw error }
                guard collector.silentBytes <= Self.maxSilentBytes else { throw Failure.malformed }
                if collector.spoolBytesPending >= Self.spoolBatch { try await collector.flush() }
                sinceYield += buffer.readableBytes
                if sinceYield >= Self.bytesBetweenYields {
                    sinceYield = 0
                    await Task.yield()
                }
            }
            // A body that stops before its closing delimiter was cut short.
            guard parser.isComplete, !collector.inPart else { throw Failure.malformed }
            try await collector.flush()
            return collector.form
        } catch let error as HTTPError {
            collector.discard()
            throw error
        } catch {
            collector.discard()
            return FormData()
        }
    }

    /// The parser's callbacks land here; used by one task only.
    private final class Collector {
        let reader: MultipartReader
        var form = FormData()
        var error: Error?
        var silentBytes = 0
        var inPart = false
        private var headers: [(String, String)] = []
        private var partCount = 0
        private var memoryUsed = 0
        private var target: Target = .none
        /// Spool writes and closes not yet done, in order.
        private var spoolOperations: [SpoolOperation] = []
        private(set) var spoolBytesPending = 0

        enum SpoolOperation: Sendable {
            case write(descriptor: Int32, bytes: [UInt8])
            case close(descriptor: Int32)
        }

        enum Target {
            case none
            case field(name: String, bytes: [UInt8])
            case memoryFile(name: String, filename: String, contentType: String?, bytes: [UInt8])
            case spool(index: Int, descriptor: Int32)
            case counted(index: Int)
            case ignored
        }

        init(reader: MultipartReader) { self.reader = reader }

        func header(_ name: String, _ value: String) {
            silentBytes = 0
            if !inPart { inPart = true; headers = [] }
            headers.append((name.lowercased(), value))
        }

        func body(_ input: UnsafeRawBufferPointer) {
            silentBytes = 0
            guard error == nil else { return }
            if case .none = target { begin() }
            let count = input.count
            switch target {
            case .none, .ignored:
                break
            case .field(let name, var bytes):
                guard spend(count) else { return }
                target = .none
                bytes.append(contentsOf: input)
                target = .field(name: name, bytes: bytes)
            case .memoryFile(let name, let filename, let contentType, var bytes):
                guard spend(count) else { return }
                target = .none
                bytes.append(contentsOf: input)
                target = .memoryFile(name: name, filename: filename, contentType: contentType, bytes: bytes)
            case .spool(let index, let descriptor):
                let already = form.uploads[index].size
                form.uploads[index].size = already &+ count
                let room = max(0, Attachments.maxFileSize - already)
                guard room > 0 else { return }
                let kept = UnsafeRawBufferPointer(rebasing: input.prefix(room))
                if case .write(let last, var bytes) = spoolOperations.last, last == descriptor {
                    spoolOperations.removeLast()
                    bytes.append(contentsOf: kept)
                    spoolOperations.append(.write(descriptor: descriptor, bytes: bytes))
                } else {
                    spoolOperations.append(.write(descriptor: descriptor, bytes: Array(kept)))
                }
                spoolBytesPending += kept.count
            case .counted(let index):
                form.uploads[index].size &+= count
            }
        }

        func complete() {
            silentBytes = 0
            guard error == nil else { return }
            if case .none = target { begin() }
            switch target {
            case .field(let name, let bytes):
                if form.fields[name] == nil { form.fields[name] = FormData.cleaned(String(decoding: bytes, as: UTF8.self)) }
            case .memoryFile(let name, let filename, let contentType, let bytes):
                if form.files[name] == nil { form.files[name] = UploadedFile(filename: filename, contentType: contentType, bytes: bytes) }
            case .spool(let index, let descriptor):
                spoolOperations.append(.close(descriptor: descriptor))
                // A file input left empty sends a part with no name and no bytes: not an upload.
                if form.uploads[index].size == 0 && form.uploads[index].submittedName.isEmpty {
                    unlink(form.uploads[index].path)
                    form.uploads.remove(at: index)
                }
            case .counted(let index):
                if form.uploads[index].size == 0 && form.uploads[index].submittedName.isEmpty { form.uploads.remove(at: index) }
            case .none, .ignored:
                break
            }
            target = .none
            inPart = false
            headers = []
        }

        /// Decides where the part's bytes go, from its headers.
        private func begin() {
            inPart = true
            partCount += 1
            guard partCount <= MultipartReader.maxParts else { error = Failure.malformed; target = .ignored; return }
            guard let disposition = headers.last(where: { $0.0 == "content-disposition" }).map({ HeaderValue($0.1) }),
                  disposition.value.lowercased() == "form-data", let name = disposition.parameters["name"]
            else { error = Failure.malformed; target = .ignored; return }
            guard let filename = disposition.parameters["filename"] else {
                target = .field(name: name, bytes: [])
                return
            }
            if reader.spoolsAttachments && name == MultipartReader.attachmentField {
                let index = form.uploads.count
                let spooled = form.uploads.filter { !$0.path.isEmpty }.count
                if spooled < Attachments.maxFiles, let (path, descriptor) = Self.createSpoolFile() {
                    form.uploads.append(Upload(path: path, size: 0, submittedName: filename))
                    target = .spool(index: index, descriptor: descriptor)
                } else if spooled < Attachments.maxFiles {
                    error = Failure.malformed
                    target = .ignored
                } else {
                    form.uploads.append(Upload(path: "", size: 0, submittedName: filename))
                    target = .counted(index: index)
                }
            } else if filename.isEmpty {
                target = .ignored
            } else {
                let contentType = headers.last(where: { $0.0 == "content-type" })?.1
                target = .memoryFile(name: name, filename: filename, contentType: contentType, bytes: [])
            }
        }

        private func spend(_ count: Int) -> Bool {
            memoryUsed &+= count
            if memoryUsed > reader.memoryBudget { error = HTTPError(.contentTooLarge); target = .ignored; return false }
            return true
        }

        /// Does the pending writes and closes on the thread pool for blocking I/O.
        func flush() async throws {
            guard !spoolOperations.isEmpty else { return }
            let operations = spoolOperations
            let written = try await NIOThreadPool.singleton.runIfActive { Self.perform(operations) }
            // Done (or tried): every descriptor to close is closed.
            spoolOperations = []
            spoolBytesPending = 0
            guard written else { throw Failure.malformed }
        }

        /// Writes in order; closes every descriptor to close even after a failed write.
        private static func perform(_ operations: [SpoolOperation]) -> Bool {
            var written = true
            for operation in operations {
                switch operation {
                case .write(let descriptor, let bytes):
                    if written { written = bytes.withUnsafeBytes { write($0, to: descriptor) } }
                case .close(let descriptor):
                    close(descriptor)
                }
            }
            return written
        }

        /// Removes every temporary file (reading failed).
        func discard() {
            for case .close(let descriptor) in spoolOperations { close(descriptor) }
            spoolOperations = []
            spoolBytesPending = 0
            if case .spool(_, let descriptor) = target { close(descriptor) }
            target = .none
            for upload in form.uploads where !upload.path.isEmpty { unlink(upload.path) }
            form.uploads = []
        }

        private static func createSpoolFile() -> (String, Int32)? {
            let name = "roundtable-upload-" + String(UInt64.random(in: .min ... .max), radix: 16)
                + String(UInt64.random(in: .min ... .max), radix: 16)
            let path = (NSTemporaryDirectory() as NSString).appendingPathComponent(name)
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            return descriptor >= 0 ? (path, descriptor) : nil
        }

        private static func write(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
