import Foundation
import NumericsSupport
import XLARuntime

/// The two CPU plugins every runtime test runs on.
let cpuPlugins = ["lammps-jax-pjrt-cpu", "xla-cpu-pjrt"]

/// A fixture array: shape and row-major values.
struct FixtureArray: Decodable {
    let shape: [Int]
    let values: [Float]
}

/// Reads `Fixtures/<name>.json`, written by a script in Scripts/fixtures
/// (see ``FixtureFiles``).
func fixture<T: Decodable>(_ name: String, as _: T.Type = T.self) throws -> T {
    let url = FixtureFiles.url("\(name).json")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// A scratch directory removed by the caller.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "hk-runtime-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Client options with the disk cache in `directory`, writing every
/// compile however fast (the tests' programs compile in milliseconds).
func diskCacheOptions(_ directory: String, sizeLimit: Int = ClientOptions.defaultCompilationCacheSizeLimit) -> ClientOptions {
    ClientOptions(compilationCacheDirectory: directory, compilationCacheSizeLimit: sizeLimit,
                  compilationCacheMinimumCompileSeconds: 0)
}

/// `max |a - b| / max(1, |b|)` over two arrays of equal length.
func maxRelativeError(_ a: [Float], _ b: [Float]) -> Float {
    zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

/// A program adding two f32 vectors of length `n`.
func addProgram(_ n: Int, donating: Bool = false) -> String {
    let type = "tensor<\(n)xf32>"
    let donor = donating ? " {jax.buffer_donor = true}" : ""
    return """
    module @add {
      func.func public @main(%a: \(type)\(donor), %b: \(type)) -> \(type) {
        %0 = stablehlo.add %a, %b : \(type)
        return %0 : \(type)
      }
    }
    """
}
