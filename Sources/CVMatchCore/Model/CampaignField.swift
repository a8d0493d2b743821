/// The field of a registered link in the campaign registry hash: `source|medium|campaign|term|content`
/// (sanitised values, empty where missing; `|` cannot occur in them).
public enum CampaignField {
    /// The field of a link.
    public static func encode(_ link: RegisteredLink) -> String {
        [link.source, link.medium, link.campaign, link.term ?? "", link.content ?? ""].joined(separator: "|")
    }

    /// The UTM triple a field names; nil when the field is malformed.
    public static func channel(of field: String) -> Channel? {
        tags(of: field)?.channel
    }

    /// The five UTM values a field names; nil when the field is malformed.
    public static func tags(of field: String) -> LinkTags? {
        let parts = field.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5 else { return nil }
        func value(_ s: String) -> String? { s.isEmpty ? nil : s }
        return LinkTags(channel: Channel(source: value(parts[0]), medium: value(parts[1]), campaign: value(parts[2])),
                        term: value(parts[3]), content: value(parts[4]))
    }
}
