import ArgumentParser
import FoundationEssentials
import CVMatchAdmin
import CVMatchCore
import CVMatchRedis
import CVMatchStore

/// `cvctl site`: renders the visitor page from the site file and the positions into the web root.
struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Render the visitor page (index.html, icons, preview image, robots.txt) into the web root.",
        discussion: """
        Reads the owner's profile (CVMATCH_SITE_FILE, default config/site.json) and the positions file, \
        and writes into CVMATCH_WEB_ROOT. The canonical and preview URLs use CVMATCH_SITE_URL. \
        `cvctl populate` does the same after populating when CVMATCH_SITE_FILE and CVMATCH_WEB_ROOT are set. \
        With --check nothing is written.
        """
    )

    @Option(help: "The site file (JSON). Default: $CVMATCH_SITE_FILE or config/site.json.")
    var site: String?

    @Option(help: "The positions file (JSON).")
    var positions: String = "config/positions.json"

    @Option(help: "The directory nginx serves. Default: $CVMATCH_WEB_ROOT.")
    var webRoot: String?

    @Option(help: "The public site URL. Default: $CVMATCH_SITE_URL or http://127.0.0.1:8080/.")
    var siteURL: String?

    @Flag(help: "Only check the files; write nothing.")
    var check = false

    @OptionGroup var settings: ConfigurationOptions

    func run() throws {
        let publisher = try SitePublisher(siteFile: site, webRoot: check ? (webRoot ?? ".") : webRoot, siteURL: siteURL,
                                          env: try settings.load().reader)
        let file = try ToolEnvironment.positionsFile(at: positions)
        let bundle = try publisher.bundle(positions: file, positionsPath: positions)
        if check {
            print("\(publisher.siteFile): ok (\(bundle.files.count) files)")
            return
        }
        let names = try publisher.write(bundle)
        print("wrote \(names.joined(separator: ", ")) to \(publisher.webRoot) (site URL \(publisher.siteURL.base))")
    }
}
