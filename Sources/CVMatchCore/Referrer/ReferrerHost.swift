/// The referring site of a visit, reduced to a normalised host name: the only part of
/// `document.referrer` the site keeps (never the path, query or fragment, which can carry search
/// terms or personal data).
///
/// Normalisation, in order:
/// 1. Accepts an `http:`/`https:` URL or a bare host; drops user info, port, path, query, fragment;
///    lowercases; drops a trailing dot. Anything else (other schemes, characters outside letters,
///    digits, `-` and `.`, over 64 characters) is no referrer at all.
/// 2. Strips one leading mobile/redirector label: `www.`, `m.`, `l.`, `lm.`, `mobile.`, `amp.`.
/// 3. Maps link shorteners and aliases to the site they stand for (`aliases`).
public enum ReferrerHost {
    /// Leading labels that name a variant of the same site.
    public static let strippedPrefixes = ["www.", "m.", "l.", "lm.", "mobile.", "amp."]

    /// Shorteners, redirectors and old names → the site they belong to.
    public static let aliases: [String: String] = [
        "lnkd.in": "linkedin.com",
        "t.co": "x.com",
        "twitter.com": "x.com",
        "fb.me": "facebook.com",
        "fb.com": "facebook.com",
        "youtu.be": "youtube.com",
        "out.reddit.com": "reddit.com",
        "old.reddit.com": "reddit.com",
        "com.linkedin.android": "linkedin.com",
        "com.google.android.gm": "mail.google.com",
        "com.google.android.googlequicksearchbox": "google.com",
    ]

    /// The normalised host of `raw` (a URL or a host); nil when it names no usable host.
    public static func normalise(_ raw: String) -> String? {
        var text = Substring(raw.trimmingWhitespace().lowercased())
        if let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") {
            let scheme = text[..<colon]
            // Android apps open links with `android-app://<package>/` as the referrer.
            guard scheme == "http" || scheme == "https" || scheme == "android-app" else { return nil }
            text = text[text.index(colon, offsetBy: 3)...]
        }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if let colon = text.firstIndex(of: ":") {
            guard text[text.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return nil }
            text = text[..<colon]
        }
        if text.hasSuffix(".") { text = text.dropLast() }
        var host = String(text)
        guard !host.isEmpty, host.utf8.count <= Attribution.maximumBytes,
              host.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "-" || $0 == "." }),
              !host.hasPrefix("."), !host.contains("..")
        else { return nil }
        if let prefix = strippedPrefixes.first(where: { host.hasPrefix($0) && host.count > $0.count && host.dropFirst($0.count).contains(".") }) {
            host = String(host.dropFirst(prefix.count))
        }
        return aliases[host] ?? host
    }

    /// Whether two hosts are the same site once normalised (a self-referral), ports ignored.
    public static func isSameSite(_ referrer: String, as siteHost: String) -> Bool {
        guard let site = normalise(siteHost) else { return false }
        return referrer == site
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetterOrDigit: Bool { isASCIIDigit || ("a"..."z").contains(self) }
}
