import ArgumentParser
import FoundationEssentials
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Renders the visitor page and its files from the site file and the positions (`SiteBundle`) and
/// writes them into the web root: each file atomically (temporary name, then rename), mode 0644.
/// Files an earlier run wrote that are no longer produced (a removed photo) are deleted; the list
/// of written files is kept in the web root as `.cvmatch-site` (nginx serves no dot-files).
struct SitePublisher {
    static let manifestName = ".cvmatch-site"

    let siteFile: String
    let webRoot: String
    let siteURL: SiteURL

    /// Reads the settings: `CVMATCH_SITE_FILE`, `CVMATCH_WEB_ROOT`, `CVMATCH_SITE_URL`, unless given.
    init(siteFile: String?, webRoot: String?, siteURL: String?, env: EnvironmentReader = EnvironmentReader()) throws {
        guard let root = webRoot ?? env.optionalString("CVMATCH_WEB_ROOT") else {
            throw ValidationError("give --web-root DIR or set CVMATCH_WEB_ROOT (the directory nginx serves)")
        }
        self.siteFile = siteFile ?? env.string("CVMATCH_SITE_FILE", default: "config/site.json")
        self.webRoot = root
        do {
            self.siteURL = try SiteURL(siteURL ?? env.string("CVMATCH_SITE_URL", default: "http://127.0.0.1:8080/"),
                                       variable: siteURL == nil ? "CVMATCH_SITE_URL" : "--site-url")
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// When both `CVMATCH_SITE_FILE` and `CVMATCH_WEB_ROOT` are set (what `cvctl populate` checks).
    static func configured(_ env: EnvironmentReader = EnvironmentReader()) -> Bool {
        env.optionalString("CVMATCH_SITE_FILE") != nil && env.optionalString("CVMATCH_WEB_ROOT") != nil
    }

    /// Checks everything and computes the files, without writing.
    func bundle(positions: PositionsFile, positionsPath: String) throws -> SiteBundle {
        guard let data = FileManager.default.contents(atPath: siteFile) else {
            throw ValidationError("cannot read the site file \(siteFile) (CVMATCH_SITE_FILE)")
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
            throw ValidationError(error.description)
        }
    }

    /// Writes the bundle; returns the names written.
    @discardableResult
    func write(_ bundle: SiteBundle) throws -> [String] {
        var status = stat()
        guard stat(webRoot, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw ValidationError("the web root \(webRoot) is not a directory (CVMATCH_WEB_ROOT)")
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
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o644]) else {
            throw ValidationError("cannot write \(temporary)")
        }
        chmod(temporary, 0o644)
        guard rename(temporary, path) == 0 else {
            throw ValidationError("cannot rename \(temporary) to \(path)")
        }
    }
}
