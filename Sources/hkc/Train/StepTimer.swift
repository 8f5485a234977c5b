import XLARuntime

/// The mean time of the training steps of a run, leaving out its first
/// step, which compiles the program.
struct StepTimer {
    /// The first step of the run (not timed).
    let firstStep: Int
    private let clock = ContinuousClock()
    private var total = Duration.zero
    private var timed = 0

    init(firstStep: Int) { self.firstStep = firstStep }

    /// Runs `body` as step `step`, timing it unless it is the first.
    mutating func time<Result>(step: Int, _ body: () throws -> Result) rethrows -> Result {
        let start = clock.now
        let result = try body()
        if step > firstStep { total += clock.now - start; timed += 1 }
        return result
    }

    /// Seconds per timed step, or 0 before any.
    var secondsPerStep: Double { timed > 0 ? total.seconds / Double(timed) : 0 }
}
