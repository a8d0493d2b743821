import FoundationEssentials
import Testing
@testable import CVMatchCore

@Suite struct QueryStringTests {
    @Test func decodesPlusAndPercentEscapes() {
        let pairs = QueryString.parse("a=1+2&b=%C3%A9t%C3%A9&c&d=%zz&e=")
        #expect(pairs.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(pairs.map(\.value) == ["1 2", "été", "", "%zz", ""])
    }

    @Test func encodesReservedAndUnicode() {
        #expect(QueryString.encode("a b&c=é/") == "a%20b%26c%3D%C3%A9%2F")
        #expect(QueryString.value(of: "x", in: "x=" + QueryString.encode("a b&c=é/")) == "a b&c=é/")
    }
}

@Suite struct AttributionTests {
    @Test func keepsTheSixParametersNormalised() {
        let a = Attribution(queryString: "utm_source=LinkedIn&utm_medium=social&utm_campaign=apply+directly&utm_term=swift&utm_content=dm&ref=GitHub&utm_id=9&other=x")
        #expect(a == Attribution(source: "linkedin", medium: "social", campaign: "apply directly", term: "swift", content: "dm", ref: "github"))
    }

    @Test func dropsValuesThatAreTooLongOrCarryForbiddenCharacters() {
        let long = String(repeating: "a", count: 65)
        let a = Attribution(queryString: "utm_source=\(long)&utm_medium=%3Cscript%3E&utm_campaign=a%7Cb&ref=ev%0Ail")
        #expect(a == Attribution())
        #expect(Attribution(queryString: "utm_source=" + String(repeating: "a", count: 64)).source?.count == 64)
    }

    @Test func limitsValuesInBytesAfterNFC() {
        // one letter and 2,000 combining marks: one character, 4 KB
        let zalgo = "a" + String(repeating: "%CC%81", count: 2000)
        #expect(Attribution(queryString: "utm_campaign=" + zalgo).campaign == nil)
        // 32 two-byte letters fit, 33 do not
        #expect(Attribution(queryString: "utm_source=" + String(repeating: "%C3%A9", count: 32)).source?.utf8.count == 64)
        #expect(Attribution(queryString: "utm_source=" + String(repeating: "%C3%A9", count: 33)).source == nil)
        // decomposed and precomposed spellings are one value, stored composed
        let decomposed = Attribution(queryString: "utm_campaign=e%CC%81te%CC%81")
        #expect(decomposed.campaign == "été" && Array(decomposed.campaign!.utf8) == Array("\u{E9}t\u{E9}".utf8))
        #expect(Attribution.sanitise("E\u{301}TE\u{301}") == Attribution.sanitise("\u{E9}t\u{E9}"))
        // the ASCII fast path answers what the general one does
        let ascii = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        for text in ascii + ascii.map { "a" + $0 + "Z9" } + ["  LinkedIn ", "Spring-Sale_2026", "a b", "x\ty", ""] {
            #expect(Attribution.sanitiseASCII(text) == Attribution.sanitiseUnicode(text), "\(Array(text.utf8))")
        }
    }

    @Test func keepsUnicodeLettersAndTheFirstValue() {
        let a = Attribution(queryString: "utm_campaign=%C3%A9t%C3%A9-2026&utm_campaign=second&utm_source=")
        #expect(a.campaign == "été-2026")
        #expect(a.source == nil)
    }

    @Test func rebuildsAQueryString() {
        let a = Attribution(source: "linkedin", campaign: "été 2026")
        #expect(a.queryString == "utm_source=linkedin&utm_campaign=%C3%A9t%C3%A9%202026")
        #expect(Attribution(queryString: a.queryString) == a)
    }
}

@Suite struct MatchRequestTests {
    func position(_ body: String, type: String = "application/json") throws(APIError) -> String {
        try MatchRequest.position(contentType: type, body: Array(body.utf8), bodyTooLarge: false)
    }

    func code(_ body: String, type: String = "application/json") -> String? {
        do { _ = try position(body, type: type); return nil } catch { return error.error }
    }

    @Test func acceptsOnlyStrictUTF8JSON() throws {
        #expect(code(#"{"position": "pm",}"#) == "malformed_json")                // trailing comma
        #expect(code("\u{FEFF}" + #"{"position": "pm"}"#) == "malformed_json")    // byte-order mark
        #expect(code(#"{"position": "pm"} // note"#) == "malformed_json")
        #expect(code(#"{"position": "p\x41"}"#) == "malformed_json")
        #expect(code(#"{"position": "pm", "n": 01}"#) == "malformed_json")
        #expect(code(#"{"position": "pm"} {}"#) == "malformed_json")
        #expect(code("{\"position\": \"a\u{01}b\"}") == "malformed_json")       // raw control character
        #expect(code(String(repeating: "[", count: 40) + String(repeating: "]", count: 40)) == "malformed_json")
        let utf16 = Array(#"{"position": "pm"}"#.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: APIError.self) { try MatchRequest.position(contentType: "application/json", body: [0xFF, 0xFE] + utf16, bodyTooLarge: false) }
        #expect(try position(#" {"position": "\u00e9t\u00E9 pm", "n": [-1.5e3, 0, true, null, {}]} "#) == "été pm")
    }

    @Test func acceptsAPositionTrimmed() throws {
        #expect(try position(#"{"position": "  Backend Developer \n"}"#) == "Backend Developer")
        #expect(try position(#"{"position":"pm"}"#, type: "application/json; charset=utf-8") == "pm")
    }

    @Test func refusesBadBodiesWithTheirCodes() {
        #expect(code("{", type: "application/json") == "malformed_json")
        #expect(code(#"{"position": "x"}"#, type: "text/plain") == "unsupported_media_type")
        #expect(code(#"{"position": "x"}"#, type: "") == "unsupported_media_type")
        #expect(code(#"{"title": "x"}"#) == "invalid_position")
        #expect(code(#"{"position": 7}"#) == "invalid_position")
        #expect(code(#"{"position": " \t "}"#) == "empty_position")
        #expect(code(#"{"position": "\#(String(repeating: "é", count: 6001))"}"#) == "position_too_long")
        #expect(code(#"{"position": "\#(String(repeating: "é", count: 6000))"}"#) == nil)
        #expect(code(#"{"position": "\#(String(repeating: "日", count: 6000))"}"#) == nil)   // 18,000 bytes of JSON
        #expect(code(#"{"position": "\#(String(repeating: #"\ud83d\udcbc"#, count: 6000))"}"#) == nil)   // 72,000 bytes
    }

    /// The page's own body shape is read without `JSONDecoder`; every body gets the answer the
    /// decoder gives, and other shapes fall back to it.
    private struct Body: Decodable { var position: String }

    @Test func readsThePlainShapeLikeTheDecoder() throws {
        let plain = [#"{"position":"senior backend engineer"}"#, #" { "position" : "Été PM 日本" } "#,
                     "{\"position\":\t\"a\"\n}", #"{"position":""}"#, #"{"position":"a/b"}"#]
        for body in plain {
            let fast = try #require(MatchRequest.plainPosition(Array(body.utf8)), "\(body)")
            #expect(fast == (try JSONDecoder().decode(Body.self, from: Data(body.utf8))).position)
        }
        let decoded = [#"{"position":"a\"b"}"#, #"{"position":"a\u00e9"}"#, #"{"position":"x","n":1}"#,
                       #"{"n":1,"position":"x"}"#, #"{"position":"x","position":"y"}"#, #"{"position":7}"#]
        for body in decoded { #expect(MatchRequest.plainPosition(Array(body.utf8)) == nil, "\(body)") }
        #expect(try position(#"{"position":"a\"b"}"#) == "a\"b")
        let duplicate = #"{"position":"x","position":"y"}"#
        #expect(try position(duplicate) == (try JSONDecoder().decode(Body.self, from: Data(duplicate.utf8))).position)
        #expect(code(#"{"position":7}"#) == "invalid_position")
        #expect(code(#"{"position":"x"}}"#) == "malformed_json")
    }

    @Test func refusesLargeBodies() {
        #expect(throws: APIError.self) {
            try MatchRequest.position(contentType: "application/json", body: [], bodyTooLarge: true)
        }
        let big = #"{"position": "x", "pad": "\#(String(repeating: "a", count: 82_000))"}"#
        #expect(code(big) == "body_too_large")
    }
}

@Suite struct JSONBytesTests {
    @Test func writesWhatTheEncoderWrites() throws {
        for text in ["", "plain", #"a "quoted" \ back\slash"#, "Été 日本 💼", "a/b", #"\""#] {
            var json = JSONBytes()
            json.raw("{")
            json.raw(#""k":"#)
            json.string(text)
            json.raw("}")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            #expect(try #require(json.result) == Array(try encoder.encode(["k": text])), "\(text)")
        }
        var control = JSONBytes()
        control.string("a\nb")
        #expect(control.result == nil)
    }
}

@Suite struct HTTPResponseTests {
    @Test func serialisesStatusHeadersAndLength() throws {
        let text = String(decoding: HTTPResponse.error(.unavailable).serialised(), as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        let head = parts[0].components(separatedBy: "\r\n")
        #expect(head[0] == "Status: 503 Service Unavailable")
        #expect(head.contains("Content-Type: application/json"))
        #expect(head.contains("Content-Length: \(parts[1].utf8.count)"))
        let body = try JSONDecoder().decode([String: String].self, from: Data(parts[1].utf8))
        #expect(body == ["error": "unavailable", "detail": APIError.unavailable.detail])
    }

    @Test func noContentHasNoLength() {
        let text = String(decoding: HTTPResponse.noContent().serialised(), as: UTF8.self)
        #expect(text == "Status: 204 No Content\r\nCache-Control: no-store\r\n\r\n")
    }
}

@Suite struct BotFilterTests {
    @Test(arguments: ["", "  ", "Mozilla/5.0 (compatible; Googlebot/2.1)", "LinkedInBot/1.0", "facebookexternalhit/1.1",
                      "Slackbot-LinkExpanding 1.0", "curl/8.0", "python-requests/2.31", "WhatsApp/2.23"])
    func flagsBots(agent: String) {
        #expect(BotFilter.isBot(userAgent: agent))
    }

    @Test func passesBrowsers() {
        #expect(!BotFilter.isBot(userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"))
    }
}

@Suite struct DownloadFilenameTests {
    @Test func acceptsPlainPDFNamesOnly() {
        #expect(DownloadFilename.isValid("Jane-Doe_Backend.v2.pdf"))
        for bad in ["../x.pdf", ".hidden.pdf", "a b.pdf", "x.txt", "a\"b.pdf", "é.pdf", ".pdf"] {
            #expect(!DownloadFilename.isValid(bad))
        }
    }

    @Test func makesStoredNamesSafe() {
        #expect(DownloadFilename.safe("../etc/passwd") == "_._etc_passwd")
        #expect(DownloadFilename.safe("a\"\r\nb.pdf") == "a___b.pdf")
    }
}

@Suite struct RequestLogPolicyTests {
    @Test func errorsLogsOnlyServerErrorsAndSlowRequests() throws {
        let errors = try RequestLogPolicy(environment: EnvironmentReader([:]))
        #expect(!errors.everyRequest)
        #expect(!errors.logs(status: 200, microseconds: 900))
        #expect(!errors.logs(status: 410, microseconds: 900))
        #expect(errors.logs(status: 503, microseconds: 300))
        #expect(errors.logs(status: 200, microseconds: RequestLogPolicy.slowMicroseconds))
        let all = try RequestLogPolicy(environment: EnvironmentReader(["CVMATCH_REQUEST_LOG": "all"]))
        #expect(all.logs(status: 200, microseconds: 1) && all.logs(status: 404, microseconds: 1))
        #expect(throws: ConfigError.self) { try RequestLogPolicy(environment: EnvironmentReader(["CVMATCH_REQUEST_LOG": "some"])) }
    }
}
