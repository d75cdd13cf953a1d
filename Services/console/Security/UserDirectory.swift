import Foundation
import HummingbirdBcrypt

/// The console's users, read from a JSON file at start:
/// `{"users": [{"name": "ana", "role": "collector", "passwordHash": "$2b$12$…"}]}` — bcrypt hashes only,
/// never a password.
public struct UserDirectory: Sendable {
    /// One user of the file.
    public struct User: Sendable, Hashable, Codable {
        public var name: String
        public var role: Role
        public var passwordHash: String

        /// A user with a bcrypt hash.
        public init(name: String, role: Role, passwordHash: String) {
            self.name = name
            self.role = role
            self.passwordHash = passwordHash
        }
    }

    private struct File: Codable { var users: [User] }

    public let users: [String: User]

    /// A directory of `users`; a name that is not `[A-Za-z0-9._-]{1,64}` or a hash that is not bcrypt is refused.
    public init(users: [User]) throws(UserDirectoryError) {
        var byName: [String: User] = [:]
        for user in users {
            guard Self.isValidName(user.name) else {
                throw UserDirectoryError(message: "user name '\(user.name)' must be 1–64 of A–Z a–z 0–9 . _ -")
            }
            guard user.passwordHash.hasPrefix("$2") else {
                throw UserDirectoryError(message: "user \(user.name): passwordHash must be a bcrypt hash ($2a$/$2b$…), not a password")
            }
            guard byName[user.name] == nil else { throw UserDirectoryError(message: "user \(user.name) appears twice") }
            byName[user.name] = user
        }
        self.users = byName
    }

    /// Reads the users file at `path`.
    public static func load(path: String) throws(UserDirectoryError) -> UserDirectory {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw UserDirectoryError(message: "cannot read the users file \(path): \(error.localizedDescription)")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw UserDirectoryError(message: "users file \(path) is not {\"users\": [{\"name\", \"role\", \"passwordHash\"}]}: \(error)")
        }
        return try UserDirectory(users: file.users)
    }

    /// Writes `users` as a users file (what `credence demo` does for its demo user).
    public static func write(_ users: [User], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(File(users: users)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The user whose password is `password`, or nil. An unknown name costs a bcrypt check too, so the answer's
    /// timing does not tell which names exist.
    public func authenticate(name: String, password: String) -> User? {
        guard let user = users[name] else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: user.passwordHash) ? user : nil
    }

    /// Whether `name` may be a user name.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    // The hash of a random password at cost 10, checked against for unknown names.
    private static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: 10)
}

/// The users file cannot be used; the message says what to fix.
public struct UserDirectoryError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
