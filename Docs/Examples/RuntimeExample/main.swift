// The runtime on its own: compile a StableHLO program, run it, read the result.
// Built by `swift build` (and so by Scripts/test); run it with
// `swift run RuntimeExample`. See Docs/Runtime.md.
import XLARuntime

let program = """
func.func public @main(%x: tensor<2x3xf32>, %w: tensor<3x2xf32>) -> tensor<2x2xf32> {
  %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %1 = stablehlo.tanh %0 : tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}
"""

do {
    let client = try Client.shared()                   // the default CPU plugin, one device
    let executable = try client.compile(program)       // compiled once, then cached
    let x = try client.buffer([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
    let w = try client.buffer([Float(0.1), -0.1, 0.2, -0.2, 0.3, -0.3], shape: [3, 2])
    let y = try executable.execute([x, w])[0]          // returns at once; computed asynchronously
    print(try y.toArray(as: Float.self))               // waits, then copies: [0.8854, -0.8854, 0.9967, -0.9967]
} catch {
    print("error: \(error)")
}
