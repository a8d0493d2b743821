/// The secret nginx adds to authenticated admin requests (`fastcgi_param CVMATCH_ADMIN_PROOF`),
/// from a file only root and `match-fcgi` read.
///
/// Any process in nginx's group can connect to the FastCGI socket and set `REMOTE_USER`; it cannot
/// read the proof, so a statistics request is trusted only when it carries it. The comparison takes
/// the same time wherever the values differ.
public struct AdminProof: Sendable {
    /// The shortest secret accepted.
    public static let minimumLength = 32

    private let secret: [UInt8]

    /// The first non-empty line of `text`: ≥ 32 ASCII letters or digits (safe inside nginx quotes).
    public init(parsing text: String, source: String) throws {
        let line = text.split(separator: "\n").map { String($0).trimmingWhitespace() }.first { !$0.isEmpty } ?? ""
        guard line.utf8.count >= Self.minimumLength else {
            throw ConfigError("\(source): the admin proof must be at least \(Self.minimumLength) characters")
        }
        guard line.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }) else {
            throw ConfigError("\(source): the admin proof may hold only letters and digits")
        }
        secret = Array(line.utf8)
    }

    /// Reads the file `CVMATCH_ADMIN_PROOF_FILE` names; nil when the variable is unset (then no
    /// request is trusted as the admin's).
    public static func load(environment env: EnvironmentReader, readFile: (String) -> [UInt8]?) throws -> AdminProof? {
        let variable = ConfigCatalog.adminProofFile
        guard let path = env.optionalString(variable) else { return nil }
        guard let data = readFile(path) else { throw ConfigError("\(variable.name)=\(path) cannot be read") }
        return try AdminProof(parsing: String(decoding: data, as: UTF8.self), source: path)
    }

    /// True when `presented` is the secret.
    public func admits(_ presented: String?, comparingWith authenticator: MessageAuthenticator) -> Bool {
        guard let presented else { return false }
        return authenticator.constantTimeEquals(secret, Array(presented.utf8))
    }
}
