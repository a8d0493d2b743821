import FoundationEssentials

/// The message in an embedding provider's error answer, so an owner reads the provider's sentence
/// rather than the start of its JSON: OpenAI and Ollama `{"error": {"message", "type", "param",
/// "code"}}`, Azure OpenAI `{"error": {"code": "401", "message"}}`, HuggingFace TEI
/// `{"error": "…", "error_type": "Validation"}`. Nil when the body is none of these.
public enum ProviderErrorBody {
    public static func message(_ body: [UInt8]) -> String? {
        guard let parsed = try? JSONDecoder().decode(Envelope.self, from: Data(body)) else { return nil }
        switch parsed.error {
        case .text(let message):
            return message + (parsed.error_type.map { " [\($0)]" } ?? "")
        case .object(let message, let code, let type):
            guard let message else { return nil }
            return message + ((code ?? type).map { " [\($0)]" } ?? "")
        }
    }

    private struct Envelope: Decodable {
        var error: Detail
        var error_type: String?
    }

    private enum Detail: Decodable {
        case text(String)
        case object(message: String?, code: String?, type: String?)

        private struct Fields: Decodable {
            var message: String?
            var code: Code?
            var type: String?
        }

        /// OpenAI's `code` is a string or null; some servers send a number.
        private enum Code: Decodable {
            case text(String)
            init(from decoder: any Decoder) throws {
                let single = try decoder.singleValueContainer()
                if let text = try? single.decode(String.self) { self = .text(text); return }
                self = .text(String(try single.decode(Int.self)))
            }
            var text: String { if case .text(let t) = self { return t }; return "" }
        }

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let text = try? single.decode(String.self) {
                self = .text(text)
                return
            }
            let fields = try single.decode(Fields.self)
            self = .object(message: fields.message, code: fields.code?.text, type: fields.type)
        }
    }
}
