#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGTERM and SIGINT as a flag a long-running loop (`cvctl notify`) checks between units of work,
/// so it stops after finishing what it is doing instead of in the middle of it.
public enum StopSignal {
    private static let raised = Atomic<Bool>(false)

    /// Installs the handlers; from then on the signals only set the flag.
    public static func install() {
        let handler: @convention(c) (Int32) -> Void = { _ in StopSignal.raised.store(true, ordering: .relaxed) }
        signal(SIGTERM, handler)
        signal(SIGINT, handler)
    }

    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Sleeps up to `milliseconds`, in short steps, returning early once a stop was asked for.
    public static func sleep(milliseconds: Int) {
        var left = milliseconds
        while left > 0 && !isRaised {
            SystemClock.sleep(milliseconds: min(left, 100))
            left -= 100
        }
    }
}
