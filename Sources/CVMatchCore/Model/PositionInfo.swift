/// What the site needs to know of a position to name it and serve its PDF.
public struct PositionInfo: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    /// File name of the PDF inside the PDF directory (served only through the internal location).
    public var pdf: String
    /// The name the visitor's browser saves the file as.
    public var filename: String

    public init(id: String, title: String, pdf: String, filename: String) {
        self.id = id
        self.title = title
        self.pdf = pdf
        self.filename = filename
    }
}
