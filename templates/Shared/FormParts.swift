import Markdown

/// Pieces every form repeats: a field's error message and the attributes that tie it to the
/// input, and the Markdown preview.
public enum FormParts {
    /// `<p class="field-error" id="{field}-error" role="alert">…</p>`, or nothing.
    public static func error(_ field: StaticString, _ message: String?) -> HTML {
        guard let message else { return .empty }
        return "<p class=\"field-error\" id=\"\(HTML(stringLiteral: field))-error\" role=\"alert\">\(message)</p>"
    }

    /// ` aria-invalid="true" aria-describedby="{field}-error"` on an input with an error.
    public static func invalid(_ field: StaticString, _ message: String?) -> HTML {
        guard message != nil else { return .empty }
        return " aria-invalid=\"true\" aria-describedby=\"\(HTML(stringLiteral: field))-error\""
    }

    /// Problems that belong to no one field, each in its own alert.
    public static func alerts(_ messages: [String]) -> HTML {
        HTML.join(messages.map { "<p class=\"alert\" role=\"alert\">\($0)</p>\n" })
    }

    /// The rendered post as it will look, above the form that wrote it.
    public static func preview(_ rendered: SanitizedHTML?) -> HTML {
        guard let rendered else { return .empty }
        return """
        <section class="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <div class="post-body">\(rendered)</div>
        </section>

        """
    }
}
