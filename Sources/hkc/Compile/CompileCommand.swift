import ArgumentParser
import FileSystem
import XLARuntime
import XLATensor

#if canImport(Glibc)
import Glibc
#endif

/// `hkc compile`: traces a built-in example and prints its IR, its
/// StableHLO, or the HLO XLA produces after optimization.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Trace a built-in example and print its IR, StableHLO, or XLA's optimized HLO.")

    enum Emission: String, ExpressibleByArgument, CaseIterable {
        case ir, stablehlo, hlo
    }

    @Argument(help: "The example.")
    var example: Example = .mlp

    @Option(help: "What to print: ir, stablehlo, or hlo (XLA's HLO after optimization).")
    var emit: Emission = .ir

    /// `--plugin`.
    @OptionGroup var pluginOptions: PluginOptions

    func run() throws {
        // XLA reads its dump flags when the plugin loads: set them before anything touches XLA.
        let dumpDirectory = "/tmp/hkc-hlo-\(getpid())"
        if emit == .hlo { try Environment.appendXLAFlags(["--xla_dump_to=\(dumpDirectory)", "--xla_dump_hlo_as_text"]) }
        try pluginOptions.start()
        let lowered = try example.lower()
        switch emit {
        case .ir: print(lowered.irText, terminator: "")
        case .stablehlo: print(try lowered.stableHLO(), terminator: "")
        case .hlo: print(try optimizedHLO(try lowered.stableHLO(), dumpedTo: dumpDirectory), terminator: "")
        }
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
