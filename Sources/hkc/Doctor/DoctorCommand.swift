import ArgumentParser
import XLARuntime

#if canImport(Glibc)
import Glibc
#endif

/// `hkc doctor`: finds the plugin, starts a client, lists devices and runs a
/// tiny compiled program, saying exactly how to fix whatever is missing.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the XLA plugin, its devices, and run a tiny compiled program.")

    /// `--plugin`: the plugin to check (without `--all`).
    @OptionGroup var pluginOptions: PluginOptions

    @Flag(help: "Check every known plugin, not just one.")
    var all = false

    func run() throws {
        let requests: [String?] = all ? ["lammps-jax-pjrt-cpu", "xla-cpu-pjrt", "cuda"] : [pluginOptions.plugin]
        var failures = 0
        for (index, request) in requests.enumerated() {
            if index > 0 { print("") }
            do {
                try check(request)
            } catch let error as XLAError {
                failures += 1
                print("error       \(error)")
            }
        }
        print("")
        print("cache       \(Environment.cacheDirectory)")
        print("disk cache  \(ClientOptions.defaultCompilationCacheDirectory ?? "off (HK_COMPILE_CACHE_DIR=off)")")
        // With --all, an unavailable GPU is a normal outcome, not a failure.
        if failures > 0 && !(all && failures < requests.count) { throw ExitCode(1) }
    }

    private func check(_ request: String?) throws {
        let plugin = try Plugin.load(request)
        print("plugin      \(plugin.path)")
        print("PJRT C API  \(plugin.apiVersion)")
        for (name, value) in plugin.attributes.sorted(by: { $0.key < $1.key }) {
            print("attribute   \(name) = \(value)")
        }
        let client = try Client(plugin: plugin)
        let version = client.platformVersion == client.platformName ? "" : " (\(client.platformVersion))"
        print("platform    \(client.platformName)\(version)")
        for device in client.devices { print("device      \(device)") }
        try selfTest(client)
    }

    /// Compiles and runs tanh(x·w) and compares with the same sum in Swift.
    private func selfTest(_ client: Client) throws {
        let program = """
        func.func public @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
          %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
          %1 = stablehlo.tanh %0 : tensor<2x2xf32>
          return %1 : tensor<2x2xf32>
        }
        """
        let x: [Float] = [0.1, -0.2, 0.3, 0.4, 0.5, -0.6]
        let w: [Float] = [1, -1, 0.5, 0.25, -2, 3]
        let start = ContinuousClock.now
        let executable = try client.compile(program)
        let compileTime = ContinuousClock.now - start
        let y = try executable.execute([try client.buffer(x, shape: [2, 3]), try client.buffer(w, shape: [3, 2])])[0]
            .toArray(as: Float.self)
        var error: Float = 0
        for row in 0..<2 {
            for column in 0..<2 {
                let sum = (0..<3).reduce(Float(0)) { $0 + x[row * 3 + $1] * w[$1 * 2 + column] }
                error = max(error, abs(tanhf(sum) - y[row * 2 + column]))
            }
        }
        let milliseconds = Double(compileTime.components.attoseconds) / 1e15 + Double(compileTime.components.seconds) * 1e3
        let verdict = error < 1e-5 ? "ok" : "WRONG (max error \(error))"
        print("self-test   tanh(x·w) on \(client.defaultDevice): \(verdict), compiled in \(Int(milliseconds.rounded())) ms")
        if error >= 1e-5 { throw ExitCode(1) }
    }
}
