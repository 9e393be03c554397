import Crypto
import Foundation

/// HOTP (RFC 4226) and TOTP (RFC 6238) codes over HMAC-SHA-1 from swift-crypto.
///
/// Not HummingbirdOTP: it keys HMAC with the secret's UTF-8 text (so secrets must be text) and
/// would pull Hummingbird into `Forum`, which knows no HTTP.
public enum OneTimeCode {
    public static let stepSeconds: Int64 = 30
    public static let digits = 6

    /// The code for counter `counter`, `digits` long (RFC 4226 §5.3, dynamic truncation).
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int = OneTimeCode.digits) -> String {
        var message = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 { message[index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index))) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        // A SHA-1 MAC is 20 bytes, so offset (at most 15) + 3 stays inside it.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        let width = min(max(digits, 1), 9)
        var modulus: UInt32 = 1
        for _ in 0..<width { modulus &*= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: width - value.count) + value
    }

    /// The 30-second step `date` falls in.
    public static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down))
    }

    public static func totp(secret: [UInt8], at date: Date, digits: Int = OneTimeCode.digits) -> String {
        hotp(secret: secret, counter: UInt64(clamping: step(at: date)), digits: digits)
    }

    /// The step whose code `code` is, looking one step either side of `date` for clock drift;
    /// nil when none matches. The comparison takes the same time wherever the codes differ.
    public static func matchingStep(_ code: String, secret: [UInt8], at date: Date) -> Int64? {
        let code = code.filter { !$0.isWhitespace }
        guard code.utf8.count == digits, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        let now = step(at: date)
        var found: Int64?
        for candidate in [now - 1, now, now + 1] where candidate >= 0 {
            if SecureToken.constantTimeEquals(hotp(secret: secret, counter: UInt64(candidate)), code) { found = candidate }
        }
        return found
    }

    /// A fresh 160-bit secret (RFC 4226 recommends 160 bits).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in generator.next() }
    }

    /// The `otpauth://` URI authenticator apps read (Key Uri Format).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String = "Roundtable") -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParameter)&algorithm=SHA1&digits=6&period=30"
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect secrets.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int(buffer >> UInt32(bits - 5) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The same text split into groups of four, easier to type from the screen.
    public static func grouped(_ text: String) -> String {
        var groups: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == 4 { groups.append(current); current = "" }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }
}
