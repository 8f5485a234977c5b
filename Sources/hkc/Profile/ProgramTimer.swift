import XLAIR
import XLARuntime

/// Compiles a program and times its runs on zero-filled arguments: the
/// median wall time of `runs` executions after one warm-up, each waited for.
struct ProgramTimer {
    let client: Client
    let runs: Int

    /// The median time of one execution of `program`, in seconds.
    ///
    /// - Throws: the emission's, compiler's or runtime's error.
    func seconds(_ program: Program) throws -> Double {
        // The same arguments serve every run: none is donated.
        var program = program
        for index in program.functions.indices { program.functions[index].donatedParameters = [] }
        let executable = try client.compile(try program.stableHLO())
        guard let main = program.function(named: "main") else { return 0 }
        let arguments = try main.parameters.map { parameter in
            let bytes = [UInt8](repeating: 0, count: parameter.type.byteCount)
            return try bytes.withUnsafeBytes { try client.buffer(bytes: $0, type: parameter.type) }
        }
        let clock = ContinuousClock()
        var times: [Double] = []
        for run in 0...runs {
            let start = clock.now
            for result in try executable.execute(arguments) { try result.blockUntilReady() }
            if run > 0 { times.append((clock.now - start) / .seconds(1)) }
        }
        return times.sorted()[times.count / 2]
    }
}
