/// Whether an embedding server refused a request for carrying too many inputs, so the same texts
/// in smaller requests would go through: 413 (the body was too large), or 422/400 whose body names
/// a batch or input-count limit, e.g. HuggingFace TEI's
/// `422 {"error":"batch size 128 > maximum allowed batch size 32","error_type":"Validation"}` or
/// Azure OpenAI's older `400 … "Too many inputs. The max number of inputs is 16. …"`.
public enum BatchLimitAnswer {
    public static func isBatchLimit(status: Int, body: String) -> Bool {
        if status == 413 { return true }
        guard status == 422 || status == 400 else { return false }
        let text = body.lowercased()
        return text.contains("batch size") || text.contains("too many inputs") || text.contains("number of inputs")
    }
}
