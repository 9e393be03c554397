/// `/settings/2fa`: turning two-factor sign-in on (secret, `otpauth://` link and QR code,
/// confirmed by a first code), the recovery codes shown once, or turning it off.
public struct TwoFactorPage: PageView {
    public enum State: Sendable {
        /// Waiting for the first code. The secret is shown to its owner on this page only.
        case enrolling(secret: String, uri: String, qrSize: Int, qrModules: [Bool])
        /// Just turned on: the recovery codes, never shown again.
        case recoveryCodes([String])
        case enabled(recoveryCodesLeft: Int)
    }

    public var title: String { "Two-factor sign-in" }
    public var state: State
    /// Admins require it of this member before anything else.
    public var required: Bool
    /// Messages by field: `code`, `password`.
    public var errors: [String: String] = [:]

    public init(state: State, required: Bool = false) {
        self.state = state
        self.required = required
    }

    public func body(_ html: inout HTMLWriter, viewer: Viewer) {
        html("<h1>Two-factor sign-in</h1>\n")
        if required {
            html("<p class=\"alert\" role=\"alert\">Moderators and admins must turn on two-factor sign-in before using the forum.</p>\n")
        }
        switch state {
        case .enrolling(let secret, let uri, let qrSize, let qrModules):
            html("""
            <section class="narrow">
              <p>Signing in will ask for a code from an authenticator app on your phone as well as your password.</p>
              <ol>
                <li>Scan this code with your authenticator app, or add an account by hand with the key below.</li>
                <li>Enter the 6-digit code the app shows.</li>
              </ol>

            """)
            Self.qrCode(&html, size: qrSize, modules: qrModules)
            html("""
              <p>Key: <code id="totp-secret">\(Base32Display.grouped(secret))</code></p>
              <p><a href="\(uri)" id="totp-uri">Open in an authenticator app on this device</a></p>
              <form method="post" action="\(SiteURL.settingsTwoFactor)" class="stacked-form">
                \(viewer.csrfField)
                <label for="code">Code from the app</label>
                \(FormParts.error("code", errors["code"]))
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="10"\(FormParts.invalid("code", errors["code"]))>
                <button type="submit">Turn on</button>
              </form>
            </section>

            """)
        case .recoveryCodes(let codes):
            html("""
            <section class="narrow">
              <p><strong>Two-factor sign-in is on.</strong> Keep these recovery codes somewhere safe: each one signs you in once if you lose your phone. They are shown only now.</p>
              <ul class="recovery-codes">

            """)
            for code in codes { html("    <li><code>\(code)</code></li>\n") }
            html("  </ul>\n  <p><a href=\"\(SiteURL.settings)\">Back to settings</a></p>\n</section>\n")
        case .enabled(let left):
            html("""
            <section class="narrow">
              <p>Two-factor sign-in is on. You have \(left) unused recovery \(if: left == 1, "code", else: "codes").</p>
              <h2>Turn it off</h2>
              <form method="post" action="\(SiteURL.settingsTwoFactorDisable)" class="stacked-form">
                \(viewer.csrfField)
                <label for="password">Password</label>
                \(FormParts.error("password", errors["password"]))
                <input id="password" name="password" type="password" autocomplete="current-password" required\(FormParts.invalid("password", errors["password"]))>
                <label for="code">Code from the app</label>
                \(FormParts.error("code", errors["code"]))
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="40"\(FormParts.invalid("code", errors["code"]))>
                <button type="submit">Turn off two-factor sign-in</button>
              </form>
            </section>

            """)
        }
    }

    /// The QR code as inline SVG: one path of unit squares, with the four-module quiet zone
    /// scanners need. No script, no image request.
    static func qrCode(_ html: inout HTMLWriter, size: Int, modules: [Bool]) {
        guard size > 0, modules.count == size * size else { return }
        let side = size + 8
        html("<svg class=\"qr-code\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 5)\" height=\"\(side * 5)\" role=\"img\" aria-label=\"QR code for your authenticator app\" shape-rendering=\"crispEdges\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"")
        for row in 0..<size {
            for column in 0..<size where modules[row * size + column] {
                html("M\(column + 4) \(row + 4)h1v1h-1z")
            }
        }
        html("\"/></svg>\n")
    }
}

/// A base32 key in groups of four, easier to copy by hand.
enum Base32Display {
    static func grouped(_ text: String) -> String {
        var groups: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == 4 {
                groups.append(current)
                current = ""
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }
}
