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
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(status: .unsupportedMediaType, error: "unsupported_media_type", detail: "Send the position as JSON with Content-Type: application/json.")
        }
        guard StrictJSON.isValid(body) else {
            throw APIError(status: .badRequest, error: "malformed_json", detail: "The request body is not valid JSON (UTF-8, RFC 8259).")
        }
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        } catch DecodingError.dataCorrupted {
            throw APIError(status: .badRequest, error: "malformed_json", detail: "The request body is not valid JSON.")
        } catch {
            throw APIError(status: .badRequest, error: "invalid_position", detail: "The JSON body needs a \"position\" string.")
        }
        let position = decoded.position.trimmingWhitespace()
        guard !position.isEmpty else {
            throw APIError(status: .badRequest, error: "empty_position", detail: "Type the position you are hiring for.")
        }
        guard position.count <= maximumPositionCharacters else {
            throw APIError(status: .badRequest, error: "position_too_long", detail: "That text is too long: at most \(maximumPositionCharacters) characters (a job title or the job ad itself).")
        }
        return position
    }
}
