import FoundationEssentials

/// Validates the body of `POST /api/match`: `{"position": "<text>"}` as JSON.
public enum MatchRequest {
    /// Room for the longest position in any JSON encoding, `\uXXXX\uXXXX` escapes included (12 bytes
    /// a character); nginx's `client_max_body_size` for `/api/match` is the same 80 KB.
    public static let maximumBodyBytes = 81_920
    /// A job title or a whole pasted job ad.
    public static let maximumPositionCharacters = 6000

    private struct Body: Decodable {
        var position: String
    }

    /// The position text, trimmed; or the API error to answer.
    public static func position(contentType: String, body: [UInt8], bodyTooLarge: Bool) throws(APIError) -> String {
        if bodyTooLarge || body.count > maximumBodyBytes {
            throw APIError(status: .payloadTooLarge, error: "body_too_large", detail: "The request body is limited to \(maximumBodyBytes) bytes.")
        }
        let mediaType = contentType == "application/json" ? contentType
            : contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(status: .unsupportedMediaType, error: "unsupported_media_type", detail: "Send the position as JSON with Content-Type: application/json.")
        }
        guard StrictJSON.isValid(body) else {
            throw APIError(status: .badRequest, error: "malformed_json", detail: "The request body is not valid JSON (UTF-8, RFC 8259).")
        }
        let text: String
        if let plain = plainPosition(body) {
            text = plain
        } else {
            do {
                text = try JSONDecoder().decode(Body.self, from: Data(body)).position
            } catch DecodingError.dataCorrupted {
                throw APIError(status: .badRequest, error: "malformed_json", detail: "The request body is not valid JSON.")
            } catch {
                throw APIError(status: .badRequest, error: "invalid_position", detail: "The JSON body needs a \"position\" string.")
            }
        }
        let position = text.trimmingWhitespace()
        guard !position.isEmpty else {
            throw APIError(status: .badRequest, error: "empty_position", detail: "Type the position you are hiring for.")
        }
        guard position.count <= maximumPositionCharacters else {
            throw APIError(status: .badRequest, error: "position_too_long", detail: "That text is too long: at most \(maximumPositionCharacters) characters (a job title or the job ad itself).")
        }
        return position
    }

    /// The text of a valid body that is one object with the one key `position` and a string
    /// without escapes — what the page sends — read without `JSONDecoder` (a tenth of its
    /// instructions); nil for any other shape (escapes, other keys), which the decoder reads.
    /// `body` has passed `StrictJSON`: valid UTF-8, no control character inside a string.
    static func plainPosition(_ body: [UInt8]) -> String? {
        var index = 0
        func skipWhitespace() {
            while index < body.count, [0x20, 0x09, 0x0A, 0x0D].contains(body[index]) { index += 1 }
        }
        func expect(_ literal: StaticString) -> Bool {
            skipWhitespace()
            let matched = literal.withUTF8Buffer { expected in
                body.count - index >= expected.count && body[index..<(index + expected.count)].elementsEqual(expected)
            }
            if matched { index += literal.utf8CodeUnitCount }
            return matched
        }
        guard expect("{"), expect(#""position""#), expect(":"), expect(#"""#) else { return nil }
        let start = index
        while index < body.count, body[index] != UInt8(ascii: "\""), body[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < body.count, body[index] == UInt8(ascii: "\"") else { return nil }
        let end = index
        index += 1
        guard expect("}") else { return nil }
        skipWhitespace()
        guard index == body.count else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self)
    }
}
