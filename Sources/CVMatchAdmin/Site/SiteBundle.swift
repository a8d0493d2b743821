import CVMatchCore
import CVMatchCrypto

/// Everything `cvctl site` writes into the web root, computed from the profile, the positions and
/// the owner's image files (given as bytes): `index.html`, the icons, the preview image, the photo
/// and `robots.txt`. Only these files are produced, under fixed names, so the web root holds
/// nothing the site file did not name.
public struct SiteBundle: Sendable {
    /// One file for the web root.
    public struct File: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]
    }

    /// Side of the generated square preview image.
    public static let previewSide = 600
    public static let maximumImageBytes = 5 << 20

    public let files: [File]

    /// `ownerFiles` holds the bytes of each file the profile names (`image`, `preview_image`,
    /// `favicon`), keyed by the name as written; `file` names the site file in errors.
    public init(profile: SiteProfile, positions: [SitePage.Position], siteURL: SiteURL,
                ownerFiles: [String: [UInt8]], file: String) throws(SiteConfigError) {
        var files: [File] = []
        func owner(_ field: String, _ name: String) throws(SiteConfigError) -> [UInt8] {
            guard let bytes = ownerFiles[name] else {
                throw SiteConfigError(file: file, field: field, problem: "cannot read \(name)")
            }
            guard !bytes.isEmpty, bytes.count <= Self.maximumImageBytes else {
                throw SiteConfigError(file: file, field: field, problem: "\(name) must be 1 byte to 5 MB")
            }
            guard let ext = ImageKind.detect(bytes), ImageKind.extensions(ext).contains(Self.fileExtension(of: name)) else {
                throw SiteConfigError(file: file, field: field, problem: "\(name) is not a \(Self.fileExtension(of: name).uppercased()) image")
            }
            return bytes
        }

        var photo: String?
        if let image = profile.image {
            let name = "photo." + Self.fileExtension(of: image)
            files.append(File(name: name, bytes: try owner("basics.image", image)))
            photo = "/" + name
        }
        let initials = Initials.of(profile.name)
        var preview: String, previewSize: (width: Int, height: Int)?, wide = false
        if let chosen = profile.previewImage {
            preview = "preview." + Self.fileExtension(of: chosen)
            files.append(File(name: preview, bytes: try owner("preview_image", chosen)))
            wide = true
        } else if let photo {
            preview = String(photo.dropFirst())
        } else {
            preview = "preview.png"
            previewSize = (Self.previewSide, Self.previewSide)
            files.append(File(name: preview, bytes: InitialsIcon.png(initials: initials, size: Self.previewSide)))
        }
        var svgIcon = false
        if let icon = profile.favicon {
            let png = try owner("favicon", icon)
            files.append(File(name: "favicon.png", bytes: png))
            files.append(File(name: "apple-touch-icon.png", bytes: png))
            files.append(File(name: "favicon.ico", bytes: InitialsIcon.ico(png: png)))
        } else {
            svgIcon = true
            files.append(File(name: "favicon.svg", bytes: Array(InitialsIcon.svg(initials: initials).utf8)))
            let small = InitialsIcon.png(initials: initials, size: 32)
            files.append(File(name: "favicon.png", bytes: small))
            files.append(File(name: "favicon.ico", bytes: InitialsIcon.ico(png: small)))
            files.append(File(name: "apple-touch-icon.png", bytes: InitialsIcon.png(initials: initials, size: 180)))
        }
        files.append(File(name: "robots.txt", bytes: Array(Self.robots.utf8)))
        let page = SitePage(profile: profile, positions: positions, siteURL: siteURL,
                            assets: .init(photo: photo, previewImage: "/" + preview, previewSize: previewSize,
                                          previewIsWide: wide, svgIcon: svgIcon))
        files.append(File(name: "index.html", bytes: Array(page.render().utf8)))
        self.files = files
    }

    /// Crawlers may read the page; the API and the dashboard are not for them.
    public static let robots = "User-agent: *\nDisallow: /api/\nDisallow: /admin/\n"

    static func fileExtension(of name: String) -> String {
        name.split(separator: ".").last.map { $0.lowercased() } ?? ""
    }
}

/// Recognises the image formats the site serves by their first bytes.
enum ImageKind {
    static func detect(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "webp" }
        return nil
    }

    static func extensions(_ kind: String) -> [String] {
        kind == "jpeg" ? ["jpg", "jpeg"] : [kind]
    }
}
