/// A second check on link targets, after the one in cmark's renderer. The renderer lets
/// `data:image/png` and friends through (harmless as `<img src>`, but these become clickable
/// links here) and does not look past leading whitespace or embedded tabs and newlines, which
/// browsers strip before reading the scheme.
enum URLPolicy {
    private static let blockedSchemes = ["javascript:", "vbscript:", "data:", "file:"]

    static func isDangerous(_ url: String) -> Bool {
        var normalized = ""
        for scalar in url.unicodeScalars {
            // Browsers drop leading C0 controls and spaces, and tabs/newlines anywhere.
            if normalized.isEmpty, scalar.value <= 0x20 { continue }
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            normalized.unicodeScalars.append(scalar)
            if normalized.utf8.count >= 16 { break }
        }
        let lowered = normalized.lowercased()
        return blockedSchemes.contains { lowered.hasPrefix($0) }
    }
}
