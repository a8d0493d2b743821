import FoundationEssentials

/// Validates the body of `POST /api/visit`: empty, or JSON `{"referrer": "<document.referrer>"}`
/// (`referrer` may be missing, null or empty; other fields are ignored). Any content type is
/// accepted, since `navigator.sendBeacon` with a string body sends `text/plain`.
public enum VisitRequest {
    /// nginx's `client_max_body_size` for `/api/visit` is the same 4 KB.
    public static let maximumBodyBytes = 4096

    private struct Body: Decodable {
        var referrer: String?
    }

    /// The raw referrer the page reported (nil for none), or the API error to answer.
    public static func referrer(body: [UInt8], bodyTooLarge: Bool) throws(APIError) -> String? {
        if bodyTooLarge || body.count > maximumBodyBytes {
            throw APIError(status: .payloadTooLarge, error: "body_too_large", detail: "The request body is limited to \(maximumBodyBytes) bytes.")
        }
        guard body.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return nil }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(body)).referrer
        } catch DecodingError.dataCorrupted {
            throw APIError(status: .badRequest, error: "malformed_json", detail: "The request body is not valid JSON.")
        } catch {
            throw APIError(status: .badRequest, error: "invalid_referrer", detail: "The JSON body must be an object whose \"referrer\" is a string.")
        }
    }
}
