/// Whether an embedding server refused a request for carrying too many inputs, so the same texts
/// in smaller requests would go through: 413 (the body was too large), or 422/400 whose body names
/// a batch or input-count limit, e.g. HuggingFace TEI's
/// `422 {"error":"batch size 128 > maximum allowed batch size 32","error_type":"Validation"}` or
/// Azure OpenAI's older `400 … "Too many inputs. The max number of inputs is 16. …"`; the next try
/// uses the limit the answer names, or half as many.
public enum BatchLimitAnswer {
    public static func isBatchLimit(status: Int, body: String) -> Bool {
        if status == 413 { return true }
        guard status == 422 || status == 400 else { return false }
        let text = body.lowercased()
        return text.contains("batch size") || text.contains("too many inputs") || text.contains("number of inputs")
    }

    /// The batch size to try after a batch of `sent` texts was refused: the limit the body names
    /// ("maximum allowed batch size 32", "the max number of inputs is 16") when it is smaller, else half.
    public static func nextBatchSize(after sent: Int, body: String) -> Int {
        let text = Array(body.lowercased().utf8)
        for phrase in ["maximum allowed batch size ", "max number of inputs is "].map({ Array($0.utf8) }) {
            guard text.count >= phrase.count,
                  let start = (0...(text.count - phrase.count)).first(where: { text[$0..<$0 + phrase.count].elementsEqual(phrase) })
            else { continue }
            let digits = text[(start + phrase.count)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            if let named = Int(String(decoding: digits, as: UTF8.self)), named >= 1, named < sent { return named }
        }
        return max(1, sent / 2)
    }
}
