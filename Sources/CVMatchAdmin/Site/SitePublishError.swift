/// Why the page could not be rendered or written: a sentence naming the file, variable or option.
public struct SitePublishError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
