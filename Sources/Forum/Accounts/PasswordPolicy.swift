/// What a new password must be: long enough, not a well-known password, and not the
/// member's own email or username.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 1000

    /// Returns a sentence saying what is wrong, or nil when the password is acceptable.
    public static func problem(with password: String, email: String, username: String) -> String? {
        if password.count < minimumLength {
            return "Use at least \(minimumLength) characters."
        }
        if password.utf8.count > maximumLength {
            return "Use at most \(maximumLength) characters."
        }
        let lowered = password.lowercased()
        let folded = lowered.filter { $0.isLetter || $0.isNumber }
        if commonPasswords.contains(lowered) || commonPasswords.contains(folded) {
            return "That password is one of the most common ones; choose another."
        }
        if Set(lowered).count <= 2 {
            return "That password repeats one or two characters; choose another."
        }
        let emailLowered = email.lowercased()
        let localPart = emailLowered.split(separator: "@").first.map(String.init) ?? emailLowered
        if lowered == emailLowered || (localPart.count >= 4 && lowered == localPart)
            || (!username.isEmpty && lowered == username.lowercased()) {
            return "Your password can't be your email address or username."
        }
        return nil
    }

    /// Well-known passwords of ten or more characters (shorter ones fail the length rule).
    static let commonPasswords: Set<String> = [
        "1234567890", "12345678910", "123456789a", "1234567890a", "0987654321", "1111111111",
        "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty12345",
        "qwertyuiop1", "asdfghjkl1", "zxcvbnm123", "password1234", "password123", "password12",
        "password01", "password!1", "passw0rd123", "p@ssw0rd123", "p@ssword123", "iloveyou12",
        "iloveyou123", "princess123", "sunshine123", "football123", "baseball123", "welcome123",
        "welcome1234", "letmein123", "letmein1234", "trustno1234", "dragon1234", "monkey1234",
        "abc1234567", "abcdefghij", "abcdefg123", "abcd123456", "administrator", "admin12345",
        "admin123456", "administrator1", "changeme123", "changeme1234", "superman123", "batman1234",
        "starwars123", "michael123", "jennifer123", "computer123", "internet123", "qazwsxedc123",
        "1qazxsw23edc", "zaq12wsxcde3", "q1w2e3r4t5", "q1w2e3r4t5y6", "a1b2c3d4e5", "passwordpassword",
        "password", "passwordpassword1", "teacher123", "teacher1234", "student123", "student1234",
        "school1234", "school12345", "classroom1", "roundtable", "roundtable1", "roundtable123",
        "forum12345", "mastery123", "learning123", "education1", "education123", "principal1",
        "summer2024", "summer2025", "summer2026", "winter2024", "winter2025", "winter2026",
        "spring2025", "spring2026", "autumn2025", "autumn2026", "fall202526", "september1",
        "september2026", "november2026", "december2026", "123123123123", "121212121212", "123qweasdzxc",
        "qweasdzxc123", "0123456789", "9876543210", "aaaaaaaaaa", "11111111111", "iloveyouiloveyou",
        "whatever123", "trustno1trustno1", "freedom123", "hello12345", "helloworld", "helloworld1",
        "mypassword", "mypassword1", "mypassword123", "secret1234", "secret12345", "access1234",
        "master1234", "shadow1234", "killer1234", "jordan2323", "pokemon123", "minecraft1",
        "minecraft123", "liverpool1", "chelsea123", "arsenal123", "charlie123", "thomas1234",
    ]
}
