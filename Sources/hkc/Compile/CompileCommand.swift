import ArgumentParser
import FileSystem
import Synchronization
import XLARuntime
import XLATensor

#if canImport(Glibc)
import Glibc
#endif

/// `hkc compile`: traces a built-in example and prints its IR, its
/// StableHLO (for the plugin's platform, or the one `--lowering` names), or
/// the HLO XLA produces after optimization; with `--explain`, runs it once
/// and reports every compile it makes.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Trace a built-in example and print its IR, StableHLO, or XLA's optimized HLO, or explain its compiles.")

    enum Emission: String, ExpressibleByArgument, CaseIterable {
        case ir, stablehlo, hlo
    }

    @Argument(help: "The example.")
    var example: Example = .mlp

    @Option(help: "What to print: ir (the default), stablehlo, or hlo (XLA's HLO after optimization).")
    var emit: Emission?

    @Flag(help: "Make the example (a model's training step: its initialization too) and run it once through jit, printing every compile: the function, why it compiled, trace, lowering and compile times, and whether the disk or memory cache had it (as HK_LOG_COMPILES=1 does).")
    var explain = false

    @Option(help: "The platform to lower for: cpu (XLA CPU's convolution forms) or standard (what every other platform, such as cuda, gets); default: the plugin's.")
    var lowering: LoweringTarget?

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    /// `--explain` prints compiles, not a program: it takes no `--emit` or
    /// `--lowering`.
    func validate() throws {
        if explain, let emit {
            throw ValidationError("--explain runs the example and prints its compiles; it does not take --emit \(emit.rawValue)")
        }
        if explain, let lowering {
            throw ValidationError("--explain runs the example on its plugin; it does not take --lowering \(lowering.rawValue)")
        }
    }

    func run() throws {
        if explain { return try explainCompiles(on: try pluginOptions.start()) }
        let emit = emit ?? .ir
        // XLA reads its dump flags when the plugin loads: set them before anything touches XLA.
        let dumpDirectory = "/tmp/hkc-hlo-\(getpid())"
        if emit == .hlo { try Environment.appendXLAFlags(["--xla_dump_to=\(dumpDirectory)", "--xla_dump_hlo_as_text"]) }
        try pluginOptions.start()
        let lowered = try LoweringTarget.$current.withValue(lowering) { try example.lower() }
        switch emit {
        case .ir: print(lowered.irText, terminator: "")
        case .stablehlo: print(try lowered.stableHLO(), terminator: "")
        case .hlo: print(try optimizedHLO(try lowered.stableHLO(), dumpedTo: dumpDirectory), terminator: "")
        }
    }

    /// Makes and runs the example once, printing each compile's report and
    /// then how many came from XLA, the disk cache and memory.
    private func explainCompiles(on client: Client) throws {
        let sources = Mutex<[CompileOutcome.Source]>([])
        try CompileReports.observe({ report in
            // The example's own eager work (making inputs) is not the model's compile.
            if case .eagerOperation = report.cause { return }
            print(report)
            sources.withLock { $0.append(report.source) }
        }) {
            try example.program().run()
        }
        let counts = sources.withLock { sources in
            [CompileOutcome.Source.compiled, .diskCache, .memoryCache].map { source in sources.filter { $0 == source }.count }
        }
        let directory = client.cache.directory ?? "off"
        print("\(counts.reduce(0, +)) compiles: \(counts[0]) compiled by XLA, \(counts[1]) loaded from the disk cache (\(directory)), "
              + "\(counts[2]) found in memory")
    }

    /// Compiles the program and returns the optimized module XLA dumped.
    private func optimizedHLO(_ program: String, dumpedTo directory: String) throws -> String {
        defer { Files.removeDirectory(directory) }
        let client = try withPluginCheck { try Client(plugin: try Plugin.load(), options: ClientOptions(compilationCacheDirectory: nil)) }
        _ = try client.compile(program)
        guard let name = Files.contents(ofDirectory: directory).last(where: { $0.hasSuffix("after_optimizations.txt") }),
              let bytes = try? Files.read(directory + "/" + name) else {
            throw ValidationError("the plugin did not write its optimized HLO")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `--lowering cpu|standard`.
extension LoweringTarget: ExpressibleByArgument {}
