import FoundationEssentials
import CVMatchCore
import CVMatchCrypto
import CVMatchSystem


/// Renders the visitor page and its files from the site file and the positions (`SiteBundle`) and
/// writes them into the web root: each file atomically (temporary name, then rename), mode 0644.
/// Files an earlier run wrote that are no longer produced (a removed photo) are deleted; the list
/// of written files is kept in the web root as `.cvmatch-site` (nginx serves no dot-files).
public struct SitePublisher {
    static let manifestName = ".cvmatch-site"

    public let siteFile: String
    public let webRoot: String
    public let siteURL: SiteURL

    /// Reads the settings: `CVMATCH_SITE_FILE`, `CVMATCH_WEB_ROOT`, `CVMATCH_SITE_URL`, unless given.
    public init(siteFile: String?, webRoot: String?, siteURL: String?, env: EnvironmentReader) throws {
        guard let root = webRoot ?? env.optionalString(ConfigCatalog.webRoot) else {
            throw SitePublishError("give --web-root DIR or set CVMATCH_WEB_ROOT (the directory nginx serves)")
        }
        self.siteFile = siteFile ?? env.string(ConfigCatalog.siteFile)
        self.webRoot = root
        do {
            self.siteURL = try SiteURL(siteURL ?? env.string(ConfigCatalog.siteURL),
                                       variable: siteURL == nil ? ConfigCatalog.siteURL.name : "--site-url")
        } catch {
            throw SitePublishError(error.description)
        }
    }

    /// When both `CVMATCH_SITE_FILE` and `CVMATCH_WEB_ROOT` are set (what `cvctl populate` checks).
    public static func configured(_ env: EnvironmentReader) -> Bool {
        env.isSet(ConfigCatalog.siteFile) && env.isSet(ConfigCatalog.webRoot)
    }

    /// Checks everything and computes the files, without writing.
    public func bundle(positions: PositionsFile, positionsPath: String) throws -> SiteBundle {
        guard let data = FileManager.default.contents(atPath: siteFile) else {
            throw SitePublishError("cannot read the site file \(siteFile) (CVMATCH_SITE_FILE)")
        }
        do {
            let profile = try SiteProfile(data: Array(data), file: siteFile)
            try profile.checkPitches(positionIDs: positions.positions.map(\.id), file: siteFile, positionsFile: positionsPath)
            let directory = siteFile.contains("/") ? String(siteFile[..<siteFile.lastIndex(of: "/")!]) : "."
            var ownerFiles: [String: [UInt8]] = [:]
            for name in [profile.image, profile.previewImage, profile.favicon].compactMap({ $0 }) {
                ownerFiles[name] = FileManager.default.contents(atPath: directory + "/" + name).map(Array.init)
            }
            return try SiteBundle(profile: profile, positions: positions.positions.map { .init(id: $0.id, title: $0.title) },
                                  siteURL: siteURL, ownerFiles: ownerFiles, file: siteFile)
        } catch {
            throw SitePublishError(error.description)
        }
    }

    /// Writes the bundle; returns the names written.
    @discardableResult
    public func write(_ bundle: SiteBundle) throws -> [String] {
        guard SystemFiles.isDirectory(webRoot) else {
            throw SitePublishError("the web root \(webRoot) is not a directory (CVMATCH_WEB_ROOT)")
        }
        let names = bundle.files.map(\.name)
        for file in bundle.files { try replace(webRoot + "/" + file.name, with: file.bytes) }
        let manifest = webRoot + "/" + Self.manifestName
        let previous = FileManager.default.contents(atPath: manifest).map { String(decoding: $0, as: UTF8.self) } ?? ""
        for stale in previous.split(separator: "\n").map(String.init) where !names.contains(stale) && !stale.contains("/") {
            try? FileManager.default.removeItem(atPath: webRoot + "/" + stale)
        }
        try replace(manifest, with: Array((names.joined(separator: "\n") + "\n").utf8))
        return names
    }

    private func replace(_ path: String, with bytes: [UInt8]) throws {
        if let failure = SystemFiles.replace(path, with: bytes) { throw SitePublishError(failure) }
    }
}
