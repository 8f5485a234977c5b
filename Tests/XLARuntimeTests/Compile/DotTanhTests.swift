import Testing
import XLARuntime

/// A hand-written StableHLO program compiled and run on each CPU plugin,
/// checked against NumPy (Scripts/fixtures/runtime.py).
@Suite struct DotTanhTests {
    struct Fixture: Decodable {
        let x: FixtureArray
        let w: FixtureArray
        let tanh_x_dot_w: FixtureArray
    }

    static let program = """
    module @dot_tanh {
      func.func public @main(%x: tensor<3x5xf32>, %w: tensor<5x4xf32>) -> tensor<3x4xf32> {
        %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<3x5xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
        %1 = stablehlo.tanh %0 : tensor<3x4xf32>
        return %1 : tensor<3x4xf32>
      }
    }
    """

    @Test(arguments: cpuPlugins)
    func matchesNumPy(plugin: String) throws {
        let data = try fixture("dot_tanh", as: Fixture.self)
        let client = try Client.shared(plugin)
        let executable = try client.compile(DotTanhTests.program)
        #expect(executable.signature.parameters == [TensorType(.float32, [3, 5]), TensorType(.float32, [5, 4])])
        let x = try client.buffer(data.x.values, shape: data.x.shape)
        let w = try client.buffer(data.w.values, shape: data.w.shape)
        let outputs = try executable.execute([x, w])
        #expect(outputs.count == 1)
        #expect(outputs[0].shape == [3, 4])
        let y = try outputs[0].toArray(as: Float.self)
        #expect(maxRelativeError(y, data.tanh_x_dot_w.values) < 1e-6)
    }

    @Test(arguments: cpuPlugins)
    func pluginReportsVersions(plugin: String) throws {
        let client = try Client.shared(plugin)
        #expect(client.platformName == "cpu")
        #expect(client.devices.count == 1)
        #expect(client.devices[0].kind.lowercased().contains("cpu"))
        #expect(client.plugin.apiVersion.major == 0)
        #expect(client.plugin.apiVersion.minor >= 81)
        guard case let .ints(version)? = client.plugin.attributes["stablehlo_current_version"] else {
            Issue.record("no stablehlo_current_version attribute")
            return
        }
        #expect(version.count == 3 && version[0] == 1 && version[1] >= 13)
    }
}
