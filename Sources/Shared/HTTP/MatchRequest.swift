import FoundationEssentials

/// Validates the body of `POST /api/match`: `{"position": "<text>"}` as JSON.
public enum MatchRequest {
    public static let maximumBodyBytes = 4096
    public static let maximumPositionCharacters = 6000

    private struct Body: Decodable {
        var position: String
    }

    /// The position text, trimmed; or the API error to answer.
    public static func position(contentType: String, body: [UInt8], bodyTooLarge: Bool) throws(APIError) -> String {
        if bodyTooLarge || body.count > maximumBodyBytes {
            throw APIError(status: 413, error: "body_too_large", detail: "The request body is limited to \(maximumBodyBytes) bytes.")
        }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(status: 415, error: "unsupported_media_type", detail: "Send the position as JSON with Content-Type: application/json.")
        }
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        } catch DecodingError.dataCorrupted {
            throw APIError(status: 400, error: "malformed_json", detail: "The request body is not valid JSON.")
        } catch {
            throw APIError(status: 400, error: "invalid_position", detail: "The JSON body needs a \"position\" string.")
        }
        let position = decoded.position.trimmingWhitespace()
        guard !position.isEmpty else {
            throw APIError(status: 400, error: "empty_position", detail: "Type the position you are hiring for.")
        }
        guard position.count <= maximumPositionCharacters else {
            throw APIError(status: 400, error: "position_too_long", detail: "A position is at most \(maximumPositionCharacters) characters.")
        }
        return position
    }
}
