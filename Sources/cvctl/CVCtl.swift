import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchStore
import CVMatchSystem

/// The owner's admin tool: populate positions, evaluate matching, report channels, make links.
@main
struct CVCtl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvctl",
        abstract: "Administer a cvmatch site. Reads the same CVMATCH_* settings as the FastCGI processes.",
        discussion: """
        Settings come from the environment over an env file: --env-file, else $CVMATCH_ENV_FILE, else \
        \(EnvFileLocation.localStack) when it exists (the `make run` stack, from the repository root), else \
        \(EnvFileLocation.production) when it exists. A variable set in the environment, even empty, wins over the file.
        """,
        subcommands: [ConfigCommand.self, PopulateCommand.self, EvalCommand.self, ReportCommand.self, LinkCommand.self, DemoCommand.self,
                      NotifyCommand.self, SiteCommand.self, BackupCommand.self, RestoreCommand.self]
    )

    /// Runs the command; a failure to reach Redis or the embedding server names the setting used
    /// and where it came from (`ToolEnvironment.explained`).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: ToolEnvironment.explained(error))
        }
    }
}
