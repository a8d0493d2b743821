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
        ("not json", "/cfg/positions.json:1:2: not valid JSON"),
    ])
    func refusesBadFiles(json: String, message: String) {
        #expect {
            _ = try parse(json)
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}

/// A positions file with a mistake says the file and where: line and column for JSON syntax, the
/// JSON path for a missing key or a value of the wrong type.
@Suite struct PositionsFileErrorTests {
    func message(_ json: String) -> String? {
        do {
            _ = try PositionsFile(data: Array(json.utf8), path: "config/positions.json") { _ in nil }
            return nil
        } catch {
            return (error as? ConfigError)?.description
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        #expect(message("{\n  \"positions\": [\n    {\"id\": \"a\",}\n  ]\n}") == "config/positions.json:3:16: not valid JSON: unexpected \"}\" (a comma before it?)")
        #expect(message("{\"positions\": [\n  {\"id\": \"a\" \"title\": \"t\"}]}") == "config/positions.json:2:14: not valid JSON: unexpected \"\"\"")
        #expect(message("{\"positions\": [") == "config/positions.json:1:16: not valid JSON: the file ends too early (a missing \"}\", \"]\" or \"\\\"\"?)")
        #expect(message("{\"positions\": \"é\n\"}") == "config/positions.json:1:17: not valid JSON: a line break or control character inside a string")
    }

    @Test func missingKeysAndWrongTypesNameTheJSONPath() {
        #expect(message(#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf"}, {"id": "b", "title": "u", "filename": "b.pdf"}]}"#)
                == "config/positions.json: positions[1].pdf: missing (required)")
        #expect(message(#"{"positions": [{"id": "a", "title": "t", "pdf": "a.pdf", "filename": "a.pdf", "examples": ["x", 3]}]}"#)
                == "config/positions.json: positions[0].examples[1]: expected a string")
        #expect(message(#"{"positions": {"id": "a"}}"#) == "config/positions.json: positions: expected a list [...]")
        #expect(message(#"{"positions": [{"id": "a", "title": null, "pdf": "a.pdf", "filename": "a.pdf"}]}"#)
                == "config/positions.json: positions[0].title: null where a string is expected")
    }
}
