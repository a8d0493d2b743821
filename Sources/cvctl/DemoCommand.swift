import ArgumentParser
import CVMatchAdmin
import CVMatchCore
import CVMatchRedis
import CVMatchStore
import CVMatchSystem

/// `cvctl demo`: fills the dashboard with made-up traffic, kept apart from real data.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write demo traffic for the last N days (several channels, weekday patterns), or remove it.",
        discussion: """
        Demo data lives under its own keys (cvm:demo:daily:DAY, cvm:demo:queries:DAY, cvm:demo:qout:DAY, \
        cvm:demo:campaigns); reports merge it in and label it. Running demo again replaces it; --clear \
        deletes exactly those keys and nothing else.
        """
    )

    @Option(help: "How many days, ending today (UTC).")
    var days: Int = 30

    @Flag(help: "Remove the demo data instead of writing it.")
    var clear = false

    @OptionGroup var settings: ConfigurationOptions

    func validate() throws {
        guard (1...400).contains(days) else { throw ValidationError("--days must be between 1 and 400") }
    }

    func run() throws {
        let environment = try settings.load()
        let redis = RedisConnection(settings: try environment.redis())
        let store = DemoStore(redis: redis)
        if clear {
            print("removed \(try store.clear()) demo keys")
            return
        }
        let today = SystemClock.now() / 86_400
        let traffic = DemoTraffic(positions: positions(redis))
        let env = environment.reader
        let totals = try store.write(traffic, days: (today - days + 1)...today,
                                     base: env.string(ConfigCatalog.siteURL))
        print("wrote demo data for \(days) days (\(CalendarDay.day(ofDayNumber: today - days + 1)) … \(CalendarDay.day(ofDayNumber: today))): "
              + "\(totals.visits) visits, \(totals.attempts) attempts, \(totals.matches) matches, \(totals.downloads) downloads "
              + "over \(DemoTraffic.profiles.count) channels and positions \(traffic.positions.map(\.id).joined(separator: ", "))")
        print("see it with: cvctl report   remove it with: cvctl demo --clear")
    }

    /// The populated positions (ids and titles), or two stand-ins when none are populated yet.
    private func positions(_ redis: RedisConnection) -> [(id: String, title: String)] {
        guard let model = try? MatcherStore(redis: redis).load(), !model.positions.isEmpty
        else { return [("backend", "Backend Developer"), ("product", "Product Manager")] }
        return model.positions.map { ($0.id, $0.title) }
    }
}
