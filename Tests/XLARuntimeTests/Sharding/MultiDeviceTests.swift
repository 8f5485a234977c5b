import Testing
import XLARuntime

/// Four CPU devices running one program as four replicas with an all-reduce.
@Suite struct MultiDeviceTests {
    static let program = """
    module @all_reduce {
      func.func public @main(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<ui32>) {
        %0 = "stablehlo.all_reduce"(%x) <{replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>}> ({
        ^bb0(%a: tensor<f32>, %b: tensor<f32>):
          %s = stablehlo.add %a, %b : tensor<f32>
          stablehlo.return %s : tensor<f32>
        }) : (tensor<2xf32>) -> tensor<2xf32>
        %id = stablehlo.replica_id : tensor<ui32>
        return %0, %id : tensor<2xf32>, tensor<ui32>
      }
    }
    """

    @Test(arguments: cpuPlugins)
    func allReduceAcrossFourReplicas(plugin: String) throws {
        let client = try Client(plugin: try Plugin.load(plugin), options: ClientOptions(cpuDeviceCount: 4))
        #expect(client.devices.count == 4)
        let executable = try client.compile(MultiDeviceTests.program, options: CompileOptions(replicas: 4))
        #expect(executable.devices == client.devices)
        let inputs = try client.devices.map { device in
            [try client.buffer([Float(device.index + 1), Float(10 * (device.index + 1))], shape: [2], on: device)]
        }
        let outputs = try executable.execute(replicated: inputs)
        #expect(outputs.count == 4)
        for (replica, results) in outputs.enumerated() {
            #expect(results[0].device == client.devices[replica])
            #expect(try results[0].toArray(as: Float.self) == [10, 100])
            #expect(try results[1].toArray(as: UInt32.self) == [UInt32(replica)])
        }
    }

    @Test func replicasBeyondTheClientsDevicesAreRejected() throws {
        let client = try Client.shared()
        #expect(throws: XLAError.self) {
            try client.compile(MultiDeviceTests.program, options: CompileOptions(replicas: 4))
        }
    }

    @Test func buffersCopyBetweenDevices() throws {
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(cpuDeviceCount: 2))
        let original = try client.buffer([Int32(7), 8, 9], shape: [3], on: client.devices[0])
        let copy = try original.copy(to: client.devices[1])
        #expect(copy.device == client.devices[1])
        #expect(try copy.toArray(as: Int32.self) == [7, 8, 9])
        #expect(try original.copy(to: client.devices[0]) === original)
    }

    @Test func aSingleDeviceProgramRunsOnAChosenDevice() throws {
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(cpuDeviceCount: 2))
        let executable = try client.compile(addProgram(1), options: CompileOptions(portable: true))
        let device = client.devices[1]
        let a = try client.buffer([Float(1)], shape: [1], on: device)
        let b = try client.buffer([Float(2)], shape: [1], on: device)
        let sum = try executable.execute([a, b], on: device)[0]
        #expect(sum.device == device)
        #expect(try sum.toArray(as: Float.self) == [3])
    }

    @Test func argumentsOnTheWrongDeviceAreRejected() throws {
        let client = try Client(plugin: try Plugin.load(), options: ClientOptions(cpuDeviceCount: 2))
        let executable = try client.compile(addProgram(1))
        let a = try client.buffer([Float(1)], shape: [1], on: client.devices[1])
        let b = try client.buffer([Float(2)], shape: [1], on: client.devices[0])
        #expect(throws: XLAError.self) { try executable.execute([a, b]) }
    }
}
