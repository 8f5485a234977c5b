import Foundation
import Testing
import XLARuntime

/// Bad input gives a typed error with a useful message, never a crash.
@Suite struct ErrorTests {
    @Test func missingPluginPathNamesTheFix() throws {
        let error = #expect(throws: XLAError.self) { try Plugin.load("/nonexistent/plugin.so") }
        #expect(error == .pluginNotFound(request: "/nonexistent/plugin.so", searched: ["/nonexistent/plugin.so"]))
        #expect(error?.description.contains("Scripts/bootstrap") == true)
    }

    @Test func unknownPluginNameListsTheKnownOnes() {
        let error = #expect(throws: XLAError.self) { try Plugin.load("tpu-of-dreams") }
        #expect(error?.description.contains("xla-cpu-pjrt") == true)
    }

    @Test func pluginMissingFromAnEmptyCacheListsWhereItLooked() {
        let locator = PluginLocator(cacheDirectory: "/nonexistent-cache", sitePackages: ["/nonexistent-site"])
        let error = #expect(throws: XLAError.self) { try locator.locate("xla-cpu-pjrt") }
        guard case let .pluginNotFound(_, searched)? = error else {
            Issue.record("expected pluginNotFound, got \(String(describing: error))")
            return
        }
        #expect(searched == ["/nonexistent-cache/xla-cpu-pjrt/xla_cpu_pjrt.so",
                             "/nonexistent-site/xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so"])
    }

    @Test func aFileThatIsNotAPluginFailsToLoad() {
        let error = #expect(throws: XLAError.self) { try Plugin.load("/bin/sh") }
        guard case .pluginLoadFailed(path: "/bin/sh", _)? = error else {
            Issue.record("expected pluginLoadFailed, got \(String(describing: error))")
            return
        }
    }

    @Test func aGPUPluginThatCannotLoadMeansTheGPUIsUnavailable() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/xla_cuda_plugin.so"
        try Data("not a shared library".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: XLAError.self) { try Plugin.load(path) }
        guard case .platformUnavailable(platform: "cuda", _)? = error else {
            Issue.record("expected platformUnavailable, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: cpuPlugins)
    func malformedStableHLOIncludesXLAsMessage(plugin: String) throws {
        let client = try Client.shared(plugin)
        let program = """
        func.func public @main(%a: tensor<2xf32>) -> tensor<2xf32> {
          %0 = stablehlo.frobnicate %a : tensor<2xf32>
          return %0 : tensor<2xf32>
        }
        """
        let error = #expect(throws: XLAError.self) { try client.compile(program) }
        guard case let .pjrt(_, message, during)? = error else {
            Issue.record("expected a PJRT error, got \(String(describing: error))")
            return
        }
        #expect(during == "compiling a program")
        #expect(message.contains("frobnicate"))
    }

    @Test func programWithoutMainIsRejectedBeforeXLA() throws {
        let client = try Client.shared()
        #expect(throws: XLAError.self) { try client.compile("func.func @helper() { return }") }
    }

    @Test func zeroReplicasIsAnErrorNotAnAbort() throws {
        let client = try Client.shared()
        let error = #expect(throws: XLAError.self) { try client.compile(addProgram(2), options: CompileOptions(replicas: 0)) }
        #expect(error?.description.contains("at least 1") == true)
    }

    @Test func wrongArgumentCountShapeAndDtypeAreCaughtBeforeExecution() throws {
        let client = try Client.shared()
        let executable = try client.compile(addProgram(2))
        let good = try client.buffer([Float(1), 2], shape: [2])
        #expect(throws: XLAError.argumentCount(expected: 2, got: 1)) { try executable.execute([good]) }
        let wrongShape = try client.buffer([Float(1), 2, 3], shape: [3])
        #expect(throws: XLAError.argumentType(index: 1, expected: TensorType(.float32, [2]),
                                              got: TensorType(.float32, [3]))) {
            try executable.execute([good, wrongShape])
        }
        let wrongType = try client.buffer([Int32(1), 2], shape: [2])
        #expect(throws: XLAError.argumentType(index: 0, expected: TensorType(.float32, [2]),
                                              got: TensorType(.int32, [2]))) {
            try executable.execute([wrongType, good])
        }
    }

    @Test func hostDataMustMatchTheShape() throws {
        let client = try Client.shared()
        #expect(throws: XLAError.hostDataCount(shape: [2, 2], expected: 4, got: 3)) {
            try client.buffer([Float(1), 2, 3], shape: [2, 2])
        }
    }

    @Test func readingAsAnotherElementTypeIsAnError() throws {
        let client = try Client.shared()
        let buffer = try client.buffer([Float(1)], shape: [1])
        #expect(throws: XLAError.elementTypeMismatch(buffer: .float32, requested: .float64)) {
            try buffer.toArray(as: Double.self)
        }
    }

    @Test func badClientOptionsAreRejected() throws {
        let plugin = try Plugin.load()
        #expect(throws: XLAError.self) { try Client(plugin: plugin, options: ClientOptions(cpuDeviceCount: 0)) }
    }

    @Test func messagesReadAsSentences() {
        let error = XLAError.argumentType(index: 1, expected: TensorType(.float32, [2]), got: TensorType(.int32, [2]))
        #expect(error.description == "Argument 1 must be tensor<2xf32> but is tensor<2xi32>.")
    }
}
