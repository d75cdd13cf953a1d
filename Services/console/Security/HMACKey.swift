import Domain

/// HMAC-SHA256 (RFC 2104) over the one SHA-256 of the project (`Domain.SHA256`): what signs session cookies and
/// CSRF tokens. Tested against RFC 4231's vectors.
public struct HMACKey: Sendable {
    private static let blockSize = 64
    private let innerPad: [UInt8]
    private let outerPad: [UInt8]

    /// A key of any length (longer than a block is hashed first, as the RFC says).
    public init(_ key: [UInt8]) {
        var block = key.count > Self.blockSize ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: Self.blockSize - block.count)
        innerPad = block.map { $0 ^ 0x36 }
        outerPad = block.map { $0 ^ 0x5c }
    }

    /// The 32-byte authentication code of `message`.
    public func authenticationCode(for message: [UInt8]) -> [UInt8] {
        SHA256.digest(outerPad + SHA256.digest(innerPad + message))
    }

    /// Whether `code` is `message`'s authentication code, compared in constant time.
    public func isValid(_ code: [UInt8], for message: [UInt8]) -> Bool {
        let expected = authenticationCode(for: message)
        guard code.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(code, expected) { difference |= left ^ right }
        return difference == 0
    }

    /// `count` bytes from the system's cryptographically secure generator (getrandom on Linux).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
