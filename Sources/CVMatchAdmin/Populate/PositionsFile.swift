import FoundationEssentials
import CVMatchCore
import CVMatchCrypto
import CVMatchStore
import CVMatchSystem

/// The owner's positions file: each position with its PDF and example phrasings, plus counter-examples.
///
/// ```json
/// {"positions": [{"id": "backend", "title": "Backend Developer", "pdf": "backend.pdf",
///                 "filename": "Jane-Doe-Backend.pdf", "examples": ["server-side engineer", "..."]}],
///  "counter_examples": ["frontend developer"], "counter_example_files": ["counter-examples.txt"],
///  "role_cue_file": "role-cues.json"}
/// ```
/// Counter-example files are read relative to the positions file's directory (not the current
/// one): one phrase a line, `#` comments.
/// The optional role cue file (``RoleCues``) is read relative to it too.
public struct PositionsFile: Sendable {
    public struct Position: Sendable, Codable {
        public var id: String
        public var title: String
        public var pdf: String
        public var filename: String
        public var examples: [String]?
    }

    private struct Document: Codable {
        var positions: [Position]
        var counter_examples: [String]?
        var counter_example_files: [String]?
        var role_cue_file: String?
    }

    /// Texts longer than this are refused (they are phrasings, not documents).
    public static let maximumTextCharacters = 200
    public static let maximumTexts = 5000

    public let positions: [Position]
    public let counterExamples: [String]
    /// The phrase patterns that find the role in a longer text; nil when the file names none.
    public let roleCues: RoleCues?

    /// Every labelled text to embed: each title and example under its position id, then the
    /// counter-examples under `none`; normalised and without duplicates (first label wins).
    public var labelledTexts: [(label: String, text: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        func add(_ label: String, _ raw: String) {
            let text = QueryNormaliser.normalise(raw)
            if !text.isEmpty && seen.insert(text).inserted { out.append((label, text)) }
        }
        for position in positions {
            add(position.id, position.title)
            for example in position.examples ?? [] { add(position.id, example) }
        }
        for text in counterExamples { add(LabelledVector.noneLabel, text) }
        return out
    }

    public var positionInfos: [PositionInfo] {
        positions.map { PositionInfo(id: $0.id, title: $0.title, pdf: $0.pdf, filename: $0.filename) }
    }

    /// Parses and checks the file; `readFile` reads counter-example files by path.
    public init(data: [UInt8], path: String, readFile: (String) -> [UInt8]? = { FileManager.default.contents(atPath: $0).map(Array.init) }) throws {
        if let problem = JSONFileProblem.syntax(data, path: path) { throw ConfigError(problem) }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(data))
        } catch let error as DecodingError {
            throw ConfigError(JSONFileProblem.decoding(error, path: path))
        }
        guard !document.positions.isEmpty else { throw ConfigError("\(path): no positions") }
        var ids = Set<String>()
        for position in document.positions {
            guard PositionID.isValid(position.id) else {
                throw ConfigError("\(path): position id \"\(position.id)\" must be 1-32 of a-z 0-9 _ -")
            }
            guard position.id != LabelledVector.noneLabel else { throw ConfigError("\(path): \"none\" is reserved") }
            guard ids.insert(position.id).inserted else { throw ConfigError("\(path): position id \(position.id) appears twice") }
            guard !position.title.trimmingWhitespace().isEmpty, position.title.count <= Self.maximumTextCharacters else {
                throw ConfigError("\(path): position \(position.id) needs a title of 1-\(Self.maximumTextCharacters) characters")
            }
            for (field, name) in [("pdf", position.pdf), ("filename", position.filename)] where !DownloadFilename.isValid(name) {
                throw ConfigError("\(path): position \(position.id): \(field) \"\(name)\" must be a plain file name of letters, digits, . _ - ending in .pdf")
            }
        }
        var counter = document.counter_examples ?? []
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        for file in document.counter_example_files ?? [] {
            let full = file.hasPrefix("/") ? file : directory + "/" + file
            guard let bytes = readFile(full) else { throw ConfigError("\(path): cannot read counter-example file \(full)") }
            counter += String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { String($0).trimmingWhitespace() }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if let cueFile = document.role_cue_file {
            let full = cueFile.hasPrefix("/") ? cueFile : directory + "/" + cueFile
            guard let bytes = readFile(full) else { throw ConfigError("\(path): cannot read role cue file \(full)") }
            roleCues = try RoleCues(data: bytes, path: full)
        } else {
            roleCues = nil
        }
        positions = document.positions
        counterExamples = counter
        let texts = labelledTexts
        if let long = texts.first(where: { $0.text.count > Self.maximumTextCharacters }) {
            throw ConfigError("\(path): example \"\(long.text.prefix(40))…\" is longer than \(Self.maximumTextCharacters) characters")
        }
        guard texts.count <= Self.maximumTexts else {
            throw ConfigError("\(path): \(texts.count) texts; at most \(Self.maximumTexts)")
        }
    }
}
