import CVMatchCore

/// A problem in the site file; the message names the file and the field (`basics.profiles[1].url`).
public struct SiteConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let field: String
    public let problem: String

    public init(file: String, field: String, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }
}
