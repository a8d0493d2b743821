@testable import CVMatchApp
import CVMatchCore
import Testing

/// A cached match writes its answer without `JSONEncoder`: the bytes must be the encoder's.
@Suite struct MatchAnswerBytesTests {
    func answer(title: String, detail: String = "Download within 10 minutes.") -> MatchHandler.Matched {
        MatchHandler.Matched(position: .init(id: "backend", title: title), score: 87,
                             token: "eyJh.eyJw.7Agt-_", download: "/api/download?token=eyJh.eyJw.7Agt-_&utm_source=cv",
                             detail: detail)
    }

    @Test func writesTheEncodersBytes() throws {
        let titles = ["Senior Backend Engineer", "Ingénieur·e données", "C/C++ \"lead\" \\ ops", "🚀 Growth",
                      "line\u{2028}sep\u{2029}", "del\u{7f}", "", "<script>&amp;</script>"]
        for title in titles {
            let value = answer(title: title)
            let bytes = try #require(value.jsonBody(), "\(title)")
            #expect(bytes == HTTPResponse.json(value).body, "\(title)")
        }
        let negative = MatchHandler.Matched(position: .init(id: "pm", title: "PM"), score: -3, token: "t",
                                            download: "/d", detail: "d")
        #expect(negative.jsonBody() == HTTPResponse.json(negative).body)
    }

    @Test func leavesControlCharactersToTheEncoder() {
        for detail in ["tab\there", "new\nline", "nul\u{0}"] {
            #expect(answer(title: "T", detail: detail).jsonBody() == nil)
        }
    }
}
