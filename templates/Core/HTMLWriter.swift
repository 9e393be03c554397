import Markdown
import NIOCore

/// Where a page is written: straight into the bytes of the response body, one fragment after
/// another, so a 145 KB page is never held as a `String` or copied again.
public struct HTMLWriter {
    public private(set) var buffer: ByteBuffer

    public init(capacity: Int = 16 * 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public mutating func callAsFunction(_ html: HTML) {
        buffer.writeBytes(html.bytes.buffer)
    }

    /// A rendered post body, copied once, straight from its string into the page.
    public mutating func callAsFunction(_ body: SanitizedHTML) {
        buffer.writeString(body.html)
    }
}
