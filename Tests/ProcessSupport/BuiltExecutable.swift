import Foundation

/// An executable target `swift build` put beside the test bundles, run in a
/// child process so that its exit status and output can be checked (and a
/// crash in it cannot take down the test runner).
public struct BuiltExecutable: Sendable {
    /// What one run printed and how it ended.
    public struct Result: Sendable {
        /// The exit status, or the signal's number when ``crashed``.
        public let status: Int32
        /// Whether the process ended by a signal (a trap, an abort, an alarm).
        public let crashed: Bool
        /// Standard output and standard error together.
        public let output: String
    }

    /// The executable's name (`hkc`, `hkprobe`).
    public let name: String

    /// The executable `name` of this build.
    public init(_ name: String) { self.name = name }

    /// The executable's path: the nearest directory above the running test
    /// binary that holds a file named ``name``.
    public var url: URL {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = binary.deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent(name)
    }

    /// Runs the executable with `arguments` and `environment` added to this
    /// process's, in the temporary directory, and waits for it to end.
    public func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try Self.run(url, arguments, environment: environment)
    }

    /// Runs the executable at `url` (a built one, or a script's interpreter)
    /// as ``run(_:environment:)`` does.
    public static func run(_ url: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
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
