import Markdown
import NIOPosix

/// GitHub-flavoured Markdown through `MarkdownRenderer`, which drops raw HTML and unsafe links.
///
/// cmark-gfm is not thread-safe, so every parse in the process holds one lock. Parsing on the
/// shared threads would let one slow post park them all behind that lock (four previews at
/// once froze `/healthz` for ~10 s), so parsing runs on a small pool of its own: a burst of
/// posts queues there while requests that render nothing carry on.
public final class MarkdownPostRenderer: PostRenderer {
    let markdown: MarkdownRenderer
    private let threadPool: NIOThreadPool

    /// More than two threads would only wait on the cmark lock.
    public init(limits: MarkdownRenderer.Limits = .init(maxSourceBytes: 4 * Discussions.maxBodyLength),
                concurrency: Int = 2) {
        // Posts are validated to 50,000 characters; the byte cap leaves room for multi-byte ones.
        markdown = MarkdownRenderer(limits: limits)
        threadPool = NIOThreadPool(numberOfThreads: min(2, max(1, concurrency)))
        threadPool.start()
    }

    deinit {
        threadPool.shutdownGracefully { _ in }
    }

    public func render(_ source: String) async -> SanitizedHTML {
        await render(source, linkingMentions: [])
    }

    public func render(_ source: String, linkingMentions: Set<String>) async -> SanitizedHTML {
        let markdown = self.markdown
        return await onPool { markdown.renderSanitized(source, linkingMentions: linkingMentions) }
    }

    public func mentionedUsernames(in source: String) async -> [String] {
        await onPool { MarkdownRenderer.mentionedUsernames(in: source) }
    }

    /// The `@name`s written in `source`, lowercased, without duplicates. Parses on the calling
    /// thread; servers use the instance method.
    public static func mentionedUsernames(in source: String) -> [String] {
        MarkdownRenderer.mentionedUsernames(in: source)
    }

    private func onPool<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        do {
            return try await threadPool.runIfActive(work)
        } catch {
            // The pool only refuses work once it is shut down, which happens in deinit, so
            // this is unreachable while anyone can call us; rendering inline is still correct.
            return work()
        }
    }
}
