// hkprobe: calls public entry points with bad input, one probe at a time,
// and prints how each ended. Tests/CrashRegressionTests runs it in a child
// process: a probe that kills the process (a trap, an abort) or hangs
// (SIGALRM after --timeout seconds) is seen there, and the run resumes
// after it with --from.
//
//   hkprobe list                          the probes' names, one a line
//   hkprobe run [--from N] [--timeout S]  runs probes N... (default 0, 20 s each)
//   hkprobe exit-while-running            dispatches computations, prints
//                                         "dispatched" and exits without
//                                         waiting for them (must exit 0)
//
// Output of run, one line per event, tab-separated:
//   begin <index> <name> <expected>
//   end <index> <name> <outcome> <expected> <detail>
import Glibc
import Haiku

/// Prints `message` and exits with status 64 (usage).
func usage(_ message: String) -> Never {
    print("hkprobe: \(message)\nusage: hkprobe list | hkprobe run [--from N] [--timeout SECONDS] | hkprobe exit-while-running")
    exit(64)
}

/// Lets `alarm` end the process: a parent (a test runner) may have left
/// SIGALRM blocked or ignored, and children inherit both.
func armableAlarm() {
    var alarmOnly = sigset_t()
    sigemptyset(&alarmOnly)
    sigaddset(&alarmOnly, SIGALRM)
    sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
    signal(SIGALRM, SIG_DFL)
}

/// The integer value of option `name` in `arguments`, or `fallback`.
func option(_ name: String, in arguments: [String], default fallback: Int, minimum: Int) -> Int {
    guard let position = arguments.firstIndex(of: name) else { return fallback }
    guard position + 1 < arguments.count, let value = Int(arguments[position + 1]), value >= minimum else {
        usage("\(name) needs an integer of at least \(minimum)")
    }
    return value
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "list":
    for probe in allProbes { print(probe.name) }
case "run":
    armableAlarm()
    let start = option("--from", in: arguments, default: 0, minimum: 0)
    let timeout = option("--timeout", in: arguments, default: 20, minimum: 1)
    for (index, probe) in allProbes.enumerated() where index >= start {
        print("begin\t\(index)\t\(probe.name)\t\(probe.expected.rawValue)")
        fflush(nil)
        alarm(UInt32(timeout))
        let (outcome, detail) = probe.run()
        alarm(0)
        print("end\t\(index)\t\(probe.name)\t\(outcome.rawValue)\t\(probe.expected.rawValue)\t\(detail)")
        fflush(nil)
    }
case "exit-while-running":
    // Exiting while XLA's threads still run these must not crash the process.
    let step = jit { (x: Tensor) -> Tensor in
        (0..<8).reduce(x) { y, _ in tanh(matmul(y, y) * 1e-3) }
    }
    let x = normal(PRNGKey(0), [768, 768])
    do {
        for _ in 0..<4 { _ = try step(x) }
    } catch {
        print("hkprobe: \(error)")
        exit(1)
    }
    print("dispatched")
default:
    usage("expected list, run or exit-while-running")
}
