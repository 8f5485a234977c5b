import Foundation

/// The `hkc` executable `swift build` put beside this test bundle, run in a
/// child process so that its exit status and messages can be checked.
enum HKCProcess {
    /// What one run printed and how it ended.
    struct Result {
        /// The exit status (a crash is a signal, not one of the statuses `hkc` exits with).
        let status: Int32
        /// Whether the process ended by a signal (a trap, an abort).
        let crashed: Bool
        /// Standard output and standard error together.
        let output: String
    }

    /// The executable's path: the build directory holding the test bundle.
    static var executable: URL {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = binary.deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("hkc").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("hkc")
    }

    /// Runs `hkc arguments` with `environment` added to this process's.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                      output: String(decoding: data, as: UTF8.self))
    }
}
