/// Rules for position ids: 1–32 of `[a-z0-9_-]`, so they are safe in keys, URLs and JSON.
public enum PositionID {
    public static func isValid(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f || byte == 0x2d
        }
    }
}
