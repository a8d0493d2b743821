import Testing
@testable import CVMatchAdmin
import CVMatchCore

@Suite struct PositionsFileTests {
    func parse(_ json: String, files: [String: String] = [:]) throws -> PositionsFile {
        try PositionsFile(data: Array(json.utf8), path: "/cfg/positions.json") { files[$0].map { Array($0.utf8) } }
    }

    @Test func collectsLabelledTextsWithoutDuplicates() throws {
        let file = try parse("""
        {"positions": [{"id": "backend", "title": "Backend Developer", "pdf": "b.pdf", "filename": "B.pdf",
                        "examples": ["Server-side engineer", "backend  developer"]}],
         "counter_examples": ["Nurse"], "counter_example_files": ["more.txt"]}
        """, files: ["/cfg/more.txt": "# other jobs\nChef\n\nnurse\n"])
        #expect(file.labelledTexts.map(\.label) == ["backend", "backend", "none", "none"])
        #expect(file.labelledTexts.map(\.text) == ["backend developer", "server-side engineer", "nurse", "chef"])
    }

    @Test(arguments: [
        (#"{"positions": []}"#, "no positions"),
        (#"{"positions": [{"id": "Back End", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "position id"),
        (#"{"positions": [{"id": "none", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "reserved"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "../a.pdf", "filename": "a.pdf"}]}"#, "pdf"),
        (#"{"positions": [{"id": "a", "title": " ", "pdf": "a.pdf", "filename": "a.pdf"}]}"#, "title"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}], "counter_example_files": ["x.txt"]}"#, "cannot read"),
        (#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}, {"id": "a", "title": "u", "pdf": "b.pdf", "filename": "b.pdf"}]}"#, "twice"),
        ("not json", "not a positions file"),
    ])
    func refusesBadFiles(json: String, message: String) {
        #expect {
            _ = try parse(json)
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}
