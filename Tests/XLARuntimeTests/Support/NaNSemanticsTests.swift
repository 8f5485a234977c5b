import Testing
import XLARuntime

/// XLA CPU's fast min/max drops a NaN second operand; the runtime turns it
/// off so `maximum`/`minimum` propagate NaN as JAX and NumPy do.
@Suite struct NaNSemanticsTests {
    @Test(arguments: cpuPlugins)
    func maximumAndMinimumPropagateNaN(plugin: String) throws {
        let client = try Client.shared(plugin)
        let executable = try client.compile("""
        func.func public @main(%a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
          %0 = stablehlo.maximum %a, %b : tensor<2xf32>
          %1 = stablehlo.minimum %a, %b : tensor<2xf32>
          return %0, %1 : tensor<2xf32>, tensor<2xf32>
        }
        """)
        let outputs = try executable.execute([try client.buffer([Float(7), .nan], shape: [2]),
                                              try client.buffer([Float.nan, 7], shape: [2])])
        for output in outputs {
            #expect(try output.toArray(as: Float.self).allSatisfy(\.isNaN))
        }
    }
}
