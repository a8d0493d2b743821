import CVMatchCore

/// A JSON document as plain values, so the site file can be checked field by field with error
/// messages that name the field (`basics.profiles[1].url`) instead of a decoder's coding path.
public enum SiteJSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([SiteJSONValue])
    case object([String: SiteJSONValue], order: [String])

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            var values: [String: SiteJSONValue] = [:]
            var order: [String] = []
            for key in object.allKeys {
                values[key.stringValue] = try object.decode(SiteJSONValue.self, forKey: key)
                order.append(key.stringValue)
            }
            self = .object(values, order: order)
        } else if var array = try? decoder.unkeyedContainer() {
            var values: [SiteJSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(SiteJSONValue.self)) }
            self = .array(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Double.self) {
                self = .number(value)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// "a string", "an object", … for error messages.
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
