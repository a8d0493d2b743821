/// HMAC keys by key id (`kid`): tokens verify with any listed key and are signed with the newest.
///
/// File format: one `KID SECRET` per line, the newest last; blank lines and `#` comments are ignored.
/// A kid is 1–32 of `[A-Za-z0-9_-]`; a secret has at least 32 characters.
public struct TokenKeyRing: Sendable {
    public struct Key: Sendable {
        public let id: String
        public let secret: [UInt8]
    }

    public let keys: [Key]

    /// The key new tokens are signed with.
    public var signingKey: Key { keys[keys.count - 1] }

    public init(keys: [Key]) throws {
        guard !keys.isEmpty else { throw ConfigError("the token key file lists no key") }
        self.keys = keys
    }

    public init(parsing text: String, source: String) throws {
        var keys: [Key] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2 else {
                throw ConfigError("\(source) line \(number + 1): expected `KID SECRET`")
            }
            let kid = String(fields[0])
            guard Self.isValidKeyID(kid) else {
                throw ConfigError("\(source) line \(number + 1): a kid is 1-32 of A-Z a-z 0-9 _ -")
            }
            guard fields[1].utf8.count >= 32 else {
                throw ConfigError("\(source) line \(number + 1): the secret for \(kid) is shorter than 32 characters")
            }
            guard !keys.contains(where: { $0.id == kid }) else {
                throw ConfigError("\(source) line \(number + 1): kid \(kid) is listed twice")
            }
            keys.append(Key(id: kid, secret: Array(fields[1].utf8)))
        }
        try self.init(keys: keys)
    }

    /// Reads the file `CVMATCH_TOKEN_KEYS_FILE` names, through `readFile`.
    public init(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws {
        let variable = ConfigCatalog.tokenKeysFile
        guard let path = env.optionalString(variable) else {
            throw ConfigError("\(variable.name) is not set (a file of `KID SECRET` lines)")
        }
        guard let data = readFile(path) else {
            throw ConfigError("\(variable.name)=\(path) cannot be read")
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self), source: path)
    }

    public func key(id: String) -> Key? {
        keys.first { $0.id == id }
    }

    static func isValidKeyID(_ kid: String) -> Bool {
        (1...32).contains(kid.utf8.count) && kid.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x5f || byte == 0x2d
        }
    }
}
