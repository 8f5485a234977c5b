import Synchronization
import Testing
import XLARuntime

/// Programs call Swift on the host through the typed FFI custom call
/// `hk_host_callback`, on both CPU plugins.
@Suite struct HostCallbackTests {
    /// A program passing `%a` (f32[2,3]) and `%b` (i32) to the host callback `name`.
    private func program(callback name: String) -> String {
        """
        func.func public @main(%a: tensor<2x3xf32>, %b: tensor<i32>) -> tensor<2x3xf32> {
          %0 = stablehlo.custom_call @\(HostCallbacks.targetName)(%a, %b) {api_version = 4 : i32, backend_config = {callback = "\(name)", count = 3 : i64, label = "hi"}, has_side_effect = true} : (tensor<2x3xf32>, tensor<i32>) -> tensor<i32>
          return %a : tensor<2x3xf32>
        }
        """
    }

    private func run(_ name: String, on plugin: String) throws -> [Float] {
        let client = try Client.shared(plugin)
        let executable = try client.compile(program(callback: name))
        let outputs = try executable.execute([try client.buffer([Float(1), 2, 3, 4, 5, 6], shape: [2, 3]),
                                              try client.buffer([Int32(-7)], shape: [])])
        return try outputs[0].toArray(as: Float.self)
    }

    @Test(arguments: cpuPlugins)
    func theCallbackReceivesOperandsAndAttributes(plugin: String) throws {
        #expect(try Plugin.load(plugin).supportsHostCallbacks)
        let received = Mutex<[([HostArray], HostCallbackAttributes)]>([])
        let name = "record_\(plugin)"
        HostCallbacks.register(name) { arrays, attributes in received.withLock { $0.append((arrays, attributes)) } }
        #expect(try run(name, on: plugin) == [1, 2, 3, 4, 5, 6])
        let calls = received.withLock { $0 }
        try #require(calls.count == 1)
        let (arrays, attributes) = calls[0]
        #expect(arrays.map(\.elementType) == [.float32, .int32])
        #expect(arrays.map(\.shape) == [[2, 3], []])
        #expect(arrays[0].bytes == [Float(1), 2, 3, 4, 5, 6].withUnsafeBytes { [UInt8]($0) })
        #expect(arrays[1].bytes == withUnsafeBytes(of: Int32(-7)) { [UInt8]($0) })
        #expect(attributes.strings == ["callback": name, "label": "hi"])
        #expect(attributes.integers == ["count": 3])
    }

    @Test(arguments: cpuPlugins)
    func aFailingOrMissingCallbackFailsTheComputationCleanly(plugin: String) throws {
        let name = "failing_\(plugin)"
        HostCallbacks.register(name) { _, _ in throw HostCallbackError("the host said no") }
        #expect { try run(name, on: plugin) } throws: { "\($0)".contains("the host said no") }
        #expect { try run("never_registered", on: plugin) } throws: {
            "\($0)".contains("no host callback is registered as 'never_registered'")
        }
    }
}
