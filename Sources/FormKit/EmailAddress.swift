public enum EmailAddress {
    /// Pragmatic check, not full RFC 5321: rejects what would be unsafe or useless in a
    /// header or SMTP envelope (spaces, controls, brackets, quotes) rather than accept
    /// every exotic legal form.
    public static func isValid(_ s: String) -> Bool {
        guard s.utf8.count <= 254 else { return false }
        let pieces = s.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return false }
        let local = pieces[0], domain = pieces[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        let forbidden: Set<Unicode.Scalar> = ["<", ">", "(", ")", "[", "]", "\\", ",", ";", ":", "\""]
        for scalar in s.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || forbidden.contains(scalar)
            {
                return false
            }
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && $0.first != "-" && $0.last != "-" }
    }

    public static func normalized(_ s: String) -> String {
        s.trimmingWhitespace().lowercased()
    }
}
