import ArgumentParser

/// `--env-file`, shared by every subcommand that reads settings.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("env-file"),
            help: "Env file to read settings from (default: $CVMATCH_ENV_FILE, else ./run/etc/cvmatch.env or /etc/cvmatch/cvmatch.env when it exists).")
    var envFile: String?

    /// The environment over the env file found; see `ToolEnvironment.load`.
    func load() throws -> ToolEnvironment {
        try ToolEnvironment.load(envFile: envFile)
    }
}
