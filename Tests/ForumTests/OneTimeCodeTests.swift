import Forum
import Foundation
import Testing

/// RFC 4226 appendix D and RFC 6238 appendix B (SHA-1 rows), the published vectors.
@Suite struct OneTimeCodeTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    @Test func hotpMatchesRFC4226() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        for (counter, code) in expected.enumerated() {
            #expect(OneTimeCode.hotp(secret: Self.rfcSecret, counter: UInt64(counter)) == code, "counter \(counter)")
        }
    }

    @Test func totpMatchesRFC6238() {
        let vectors: [(TimeInterval, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ]
        for (time, code) in vectors {
            let date = Date(timeIntervalSince1970: time)
            #expect(OneTimeCode.totp(secret: Self.rfcSecret, at: date, digits: 8) == code, "T = \(time)")
            // Six digits are the last six of the same number.
            #expect(OneTimeCode.totp(secret: Self.rfcSecret, at: date) == String(code.suffix(6)), "T = \(time), 6 digits")
        }
    }

    @Test func oneStepOfDriftEitherWayAndNoMore() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = OneTimeCode.step(at: now)
        for offset in -3...3 {
            let code = OneTimeCode.hotp(secret: Self.rfcSecret, counter: UInt64(step + Int64(offset)))
            let match = OneTimeCode.matchingStep(code, secret: Self.rfcSecret, at: now)
            #expect(match == (abs(offset) <= 1 ? step + Int64(offset) : nil), "offset \(offset)")
        }
        #expect(OneTimeCode.matchingStep("", secret: Self.rfcSecret, at: now) == nil)
        #expect(OneTimeCode.matchingStep("１２３４５６", secret: Self.rfcSecret, at: now) == nil)
        #expect(OneTimeCode.matchingStep(String(repeating: "9", count: 100_000), secret: Self.rfcSecret, at: now) == nil)
    }

    @Test func base32MatchesRFC4648() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func theProvisioningURICarriesTheSecretAndParameters() {
        let uri = OneTimeCode.provisioningURI(secret: Self.rfcSecret, account: "sam@example.org")
        #expect(uri.hasPrefix("otpauth://totp/Roundtable%3Asam%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&"))
        #expect(uri.contains("issuer=Roundtable") && uri.contains("digits=6") && uri.contains("period=30"))
    }

    @Test func sealedSecretsOpenOnlyWithTheirKeyAndContext() throws {
        let key = SecretKey.derived(from: "a long secret key from the environment")
        let sealed = try key.seal(Self.rfcSecret, context: "two-factor:1")
        #expect(try key.open(sealed, context: "two-factor:1") == Self.rfcSecret)
        #expect(throws: (any Error).self) { try key.open(sealed, context: "two-factor:2") }
        #expect(throws: (any Error).self) { try SecretKey.derived(from: "another key").open(sealed, context: "two-factor:1") }
        #expect(!sealed.isEmpty && Array(sealed[12..<32]) != Self.rfcSecret)
    }

    @Test func theKeyFileIsCreatedOwnerOnlyAndReused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rt-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try SecretKey.load(environmentValue: nil, dataDirectory: directory)
        let again = try SecretKey.load(environmentValue: "", dataDirectory: directory)
        let sealed = try first.seal([1, 2, 3], context: "x")
        #expect(try again.open(sealed, context: "x") == [1, 2, 3])
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("secret.key").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
