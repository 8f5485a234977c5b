import Foundation
import ProcessSupport

/// How one probe ended, as the parent process saw it.
enum ProbeClass: String, CaseIterable, Sendable {
    /// It threw a typed error.
    case error
    /// It returned normally.
    case value
    /// It killed the process with a signal other than the alarm.
    case crash
    /// It was still running when its alarm went off.
    case hang
}

/// One probe's line of the run.
struct ProbeRecord: Sendable {
    let name: String
    let outcome: ProbeClass
    let expected: ProbeClass
    /// The error's type and message, or how the process ended.
    let detail: String
}

/// Runs `hkprobe` over every probe in child processes: after a probe kills
/// its child, a new child resumes with the next probe.
enum ProbeRun {
    /// Seconds each probe may run before its alarm ends the child.
    static let probeTimeout = 15
    /// The alarm `hkprobe` arms per probe; dying of it means a hang.
    static let alarmSignal: Int32 = 14

    /// Whether a line a dying child printed says why: not empty, not a
    /// backtrace frame (`12  libc.so.6 0x...`), not the plugin's start-up log.
    static func isMessage(_ line: Substring) -> Bool {
        let text = line.drop { $0 == " " }
        return !text.isEmpty && !(text.first?.isNumber ?? false) && !text.hasPrefix("WARNING: All log messages")
            && !text.hasPrefix("I0000") && !text.hasPrefix("***") && !text.hasPrefix("Current stack trace")
    }

    /// The records of all probes, in `hkprobe list` order.
    static func all() throws -> [ProbeRecord] {
        let probe = BuiltExecutable("hkprobe")
        // No backtraces: a crash's message is enough here, and each costs a restart's time.
        let environment = ["SWIFT_BACKTRACE": "enable=no"]
        let total = try probe.run(["list"]).output.split(separator: "\n").count
        var records: [ProbeRecord] = []
        var start = 0
        while start < total {
            let result = try probe.run(["run", "--from", "\(start)", "--timeout", "\(probeTimeout)"], environment: environment)
            let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
            var running: (index: Int, name: String, expected: ProbeClass, line: Int)?
            for (number, line) in lines.enumerated() {
                let fields = line.split(separator: "\t", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
                if fields.first == "begin", fields.count == 4, let index = Int(fields[1]),
                   let expected = ProbeClass(rawValue: fields[3]) {
                    running = (index, fields[2], expected, number)
                } else if fields.first == "end", fields.count == 6,
                          let outcome = ProbeClass(rawValue: fields[3]), let expected = ProbeClass(rawValue: fields[4]) {
                    records.append(ProbeRecord(name: fields[2], outcome: outcome, expected: expected, detail: fields[5]))
                    running = nil
                }
            }
            guard let unfinished = running else {
                if result.status != 0 || result.crashed {
                    records.append(ProbeRecord(name: "hkprobe", outcome: .crash, expected: .value,
                                               detail: "exited with \(result.status) between probes: \(result.output.suffix(500))"))
                }
                break
            }
            let after = lines[(unfinished.line + 1)...].filter(isMessage).prefix(2).joined(separator: " | ")
            let hung = result.crashed && result.status == alarmSignal
            let how = result.crashed ? "signal \(result.status)" : "exit status \(result.status)"
            records.append(ProbeRecord(name: unfinished.name, outcome: hung ? .hang : .crash, expected: unfinished.expected,
                                       detail: hung ? "no outcome after \(probeTimeout) s" : "\(how): \(after)"))
            start = unfinished.index + 1
        }
        return records
    }
}
