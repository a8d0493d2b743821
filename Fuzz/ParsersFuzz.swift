// libFuzzer entry point over every parser that sees visitor input: tokens, query strings, UTM
// values, match bodies, query normalisation, the lexical check, role spans and the qualifier rule.
// Built by scripts/fuzz.sh.
import FoundationEssentials

private let cues = RoleCues(labels: ["role"], openers: ["we're hiring", "wir suchen"], suffixes: ["role"],
                             articles: ["a", "einen"], stops: ["to", "für"], continuations: ["in test"],
                             genericTitles: ["software engineer"], seniority: ["senior"])
private let extractor = RoleSpanExtractor(cues: cues)
private let qualifier = TitleQualifier(cues: cues)
private let codec = TokenCodec(keyRing: try! TokenKeyRing(parsing: "k1 fuzzing-secret-that-is-at-least-32-chars", source: "fuzz"),
                               authenticator: HMACSHA256())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)

    // A token that verifies must have been signed by us: the fuzzer cannot forge one.
    if let token = try? codec.verify(text, now: 0) {
        precondition(codec.encode(token) == text, "a token verified that we did not sign")
    }

    // The byte-level token JSON readers agree with JSONDecoder wherever they read anything.
    if let kid = CanonicalTokenJSON.keyID(header: bytes) {
        let header = try? JSONDecoder().decode(FuzzHeader.self, from: Data(bytes))
        precondition(header?.alg == "HS256" && header?.kid == kid, "the header reader disagrees with JSONDecoder")
    }
    if let claims = CanonicalTokenJSON.claims(bytes) {
        precondition((try? JSONDecoder().decode(DownloadToken.self, from: Data(bytes))) == claims,
                     "the claims reader disagrees with JSONDecoder")
    }

    if let decoded = Base64URL.decode(text) {
        precondition(Base64URL.encode(decoded) == text, "base64url decoding is not canonical")
    }

    for value in Attribution(queryString: text).values {
        guard let value else { continue }
        precondition(Attribution.sanitise(value) == value, "an accepted UTM value is not normalised")
        precondition(!value.contains("|"), "a UTM value contains the counter separator")
    }

    if let position = try? MatchRequest.position(contentType: "application/json", body: bytes, bodyTooLarge: false) {
        precondition(!position.isEmpty && position.count <= MatchRequest.maximumPositionCharacters)
    }

    let normalised = QueryNormaliser.normalise(text)
    precondition(QueryNormaliser.normalise(normalised) == normalised, "normalisation is not idempotent")
    _ = LexicalCheck.evaluate(normalised)
    _ = EventCounter.parse(text)

    let spans = extractor.spans(in: text)
    precondition(!spans.isEmpty && spans.count <= RoleSpanExtractor.maximumSpans, "span count out of bounds")
    precondition(spans.allSatisfy { $0.source == .wholeText || !$0.text.isEmpty }, "an empty role span")
    for span in spans { _ = qualifier.rewrite(span.text) }
    return 0
}

/// The header fields `TokenCodec` reads, as `JSONDecoder` sees them.
private struct FuzzHeader: Decodable {
    var alg: String
    var kid: String?
}
