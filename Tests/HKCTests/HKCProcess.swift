import ProcessSupport

/// The `hkc` executable of this build, run in a child process.
enum HKCProcess {
    /// Runs `hkc arguments` with `environment` added to this process's.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> BuiltExecutable.Result {
        try BuiltExecutable("hkc").run(arguments, environment: environment)
    }
}
