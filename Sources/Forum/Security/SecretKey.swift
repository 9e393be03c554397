import Crypto
import Foundation

/// The server's key for sealing secrets at rest (two-factor secrets), with AES-256-GCM.
///
/// Derived with HKDF from `SECRET_KEY` when set; otherwise read from (or created in) a key
/// file under the data directory, readable by its owner only. The database never holds it, so
/// a copy of the database alone gives nobody's codes away.
public struct SecretKey: Sendable {
    let key: SymmetricKey

    init(key: SymmetricKey) { self.key = key }

    /// A key that lives as long as the process (tests, and commands that seal nothing).
    public static func ephemeral() -> SecretKey { SecretKey(key: SymmetricKey(size: .bits256)) }

    /// From the text of `SECRET_KEY`: any length; HKDF turns it into a 256-bit key.
    public static func derived(from text: String) -> SecretKey {
        SecretKey(key: HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Array(text.utf8)), salt: Array("roundtable".utf8),
            info: Array("two-factor secrets v1".utf8), outputByteCount: 32))
    }

    /// `SECRET_KEY` when given, otherwise `<dataDirectory>/secret.key` (32 random bytes,
    /// mode 0600), created on first use.
    public static func load(environmentValue: String?, dataDirectory: URL) throws -> SecretKey {
        if let text = environmentValue, !text.isEmpty { return derived(from: text) }
        let file = dataDirectory.appendingPathComponent("secret.key")
        if let data = try? Data(contentsOf: file), data.count == 32 {
            return SecretKey(key: SymmetricKey(data: data))
        }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        // Created with 0600 before any byte is written, so the key is never readable by others.
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: bytes)
        try handle.close()
        return SecretKey(key: SymmetricKey(data: bytes))
    }

    /// Nonce, ciphertext and tag in one blob. `context` (e.g. the member's id) is bound in as
    /// associated data, so a sealed secret copied onto another account does not open.
    public func seal(_ plaintext: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Array(combined)
    }

    public func open(_ sealed: [UInt8], context: String) throws -> [UInt8] {
        Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Array(context.utf8)))
    }
}
