import FileKinds

/// A file as the web layer received it: spooled to a private temporary file while the request
/// streamed in. `size` counts every byte sent, also past the limit (then `path` holds only
/// the first `Attachments.maxFileSize` bytes and the file is refused).
public struct Upload: Sendable {
    public var path: String
    public var size: Int
    public var submittedName: String

    public init(path: String, size: Int, submittedName: String) {
        self.path = path
        self.size = size
        self.submittedName = submittedName
    }
}

/// An upload that passed every check: its kind proven from its bytes, its name cleaned.
public struct StagedFile: Sendable {
    public var path: String
    public var size: Int
    public var filename: String
    public var kind: FileKind
}
