import CXLA
import XLATypes

/// A compiled program loaded on a client's devices.
///
/// ``execute(_:)`` checks the arguments against the program's signature before
/// the plugin sees them, returns at once (results are computed
/// asynchronously) and consumes donated arguments.
public final class Executable: @unchecked Sendable {
    /// The client the program is loaded into.
    public let client: Client
    /// Parameter and result types of `@main`, and which parameters are donated.
    public let signature: ProgramSignature
    /// The parameter and result types one device sees: ``signature``'s for
    /// a program on one partition; each device's shard of them for a
    /// partitioned (SPMD) one, from its `sdy.sharding` annotations and the
    /// compiled program's output shapes.
    public private(set) var deviceSignature: ProgramSignature
    /// The options it was compiled with.
    public let options: CompileOptions
    /// The devices one execution runs on: one per replica × partition.
    public private(set) var devices: [Device]
    let handle: OpaquePointer
    private var api: UnsafePointer<PJRT_Api> { client.api }

    /// `parameterShards`: the parameter types one device sees (nil: the
    /// signature's own, for a program on one partition).
    init(client: Client, handle: OpaquePointer, signature: ProgramSignature, options: CompileOptions,
         parameterShards: [TensorType]? = nil) throws {
        self.client = client
        self.handle = handle
        self.signature = signature
        self.options = options
        deviceSignature = signature
        devices = []
        // A portable program runs wherever it is asked to; by default on the first device.
        devices = options.portable ? [client.defaultDevice] : try addressableDevices()
        let outputs = try withExecutable { executable in
            var count = PJRT_Executable_NumOutputs_Args()
            count.struct_size = PJRT_Executable_NumOutputs_Args_STRUCT_SIZE
            count.executable = executable
            try client.plugin.check(api.pointee.PJRT_Executable_NumOutputs(&count), during: "counting outputs")
            return count.num_outputs
        }
        guard outputs == signature.results.count else {
            throw XLAError.invalidProgram(
                reason: "@main declares \(signature.results.count) results but the compiled program has \(outputs)")
        }
        if let parameterShards {
            deviceSignature = ProgramSignature(parameters: parameterShards, results: try outputShardTypes(),
                                               donatedParameters: signature.donatedParameters)
        }
    }

    deinit {
        var destroy = PJRT_LoadedExecutable_Destroy_Args()
        destroy.struct_size = PJRT_LoadedExecutable_Destroy_Args_STRUCT_SIZE
        destroy.executable = handle
        if let error = api.pointee.PJRT_LoadedExecutable_Destroy(&destroy) {
            _ = client.plugin.take(error, during: "destroying an executable")
        }
    }

    /// Runs the program once on one device and returns its results, which
    /// are computed asynchronously.
    ///
    /// - Parameter device: where to run a single-device program; its
    ///   compiled device (``devices``[0]) when nil. The arguments must live there.
    /// - Throws: ``XLAError/argumentCount(expected:got:)``,
    ///   ``XLAError/argumentType(index:expected:got:)``,
    ///   ``XLAError/bufferDonated(_:)`` or ``XLAError/wrongDevice(_:)``, all
    ///   before the plugin is called; then any error XLA reports.
    public func execute(_ arguments: [Buffer], on device: Device? = nil) throws -> [Buffer] {
        guard devices.count == 1 else {
            if let device { throw XLAError.wrongDevice("a program on \(devices.count) devices cannot be run on \(device) alone") }
            return try execute(replicated: [arguments])[0]
        }
        let target = device ?? devices[0]
        try client.validate(target)
        guard options.portable || target == devices[0] else {
            throw XLAError.wrongDevice(
                "the program was compiled for \(devices[0]); compile it with CompileOptions(portable: true) to run it on \(target)")
        }
        try validate(arguments, on: target)
        let resultCount = deviceSignature.results.count
        return try withUnsafeTemporaryAllocation(of: OpaquePointer?.self, capacity: max(1, arguments.count)) { inputs in
            try withUnsafeTemporaryAllocation(of: OpaquePointer?.self, capacity: max(1, resultCount)) { outputs in
                for (index, buffer) in arguments.enumerated() { inputs[index] = buffer.handle }
                var inputList: UnsafeMutablePointer<OpaquePointer?>? = inputs.baseAddress
                var outputList: UnsafeMutablePointer<OpaquePointer?>? = outputs.baseAddress
                try launch(&inputList, &outputList, 1, on: options.portable ? target : nil)
                markDonated(arguments)
                return (0..<resultCount).map { index in
                    Buffer(client: client, device: target, type: deviceSignature.results[index], handle: outputs[index]!)
                }
            }
        }
    }

    /// Runs the program on all of its devices at once: `arguments[i]` are the
    /// arguments for ``devices``[i], and the result's `[i]` its results.
    public func execute(replicated arguments: [[Buffer]]) throws -> [[Buffer]] {
        guard arguments.count == devices.count else {
            throw XLAError.invalidOptions(
                "the executable runs on \(devices.count) device\(devices.count == 1 ? "" : "s") but was given \(arguments.count) argument list\(arguments.count == 1 ? "" : "s")")
        }
        for (deviceArguments, device) in zip(arguments, devices) {
            try validate(deviceArguments, on: device)
        }
        let parameterCount = signature.parameters.count
        let resultCount = signature.results.count
        let deviceCount = devices.count
        return try withUnsafeTemporaryAllocation(of: OpaquePointer?.self, capacity: max(1, deviceCount * parameterCount)) { inputs in
            try withUnsafeTemporaryAllocation(of: OpaquePointer?.self, capacity: max(1, deviceCount * resultCount)) { outputs in
                try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<OpaquePointer?>?.self, capacity: deviceCount) { inputLists in
                    try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<OpaquePointer?>?.self, capacity: deviceCount) { outputLists in
                        for device in 0..<deviceCount {
                            for (index, buffer) in arguments[device].enumerated() {
                                inputs[device * parameterCount + index] = buffer.handle
                            }
                            inputLists[device] = inputs.baseAddress! + device * parameterCount
                            outputLists[device] = outputs.baseAddress! + device * resultCount
                        }
                        try launch(inputLists.baseAddress!, outputLists.baseAddress!, deviceCount)
                        arguments.forEach(markDonated)
                        return (0..<deviceCount).map { device in
                            (0..<resultCount).map { index in
                                Buffer(client: client, device: devices[device], type: deviceSignature.results[index],
                                       handle: outputs[device * resultCount + index]!)
                            }
                        }
                    }
                }
            }
        }
    }

    private func launch(_ inputLists: UnsafeMutablePointer<UnsafeMutablePointer<OpaquePointer?>?>,
                        _ outputLists: UnsafeMutablePointer<UnsafeMutablePointer<OpaquePointer?>?>,
                        _ deviceCount: Int, on device: Device? = nil) throws {
        var options = PJRT_ExecuteOptions()
        options.struct_size = PJRT_ExecuteOptions_STRUCT_SIZE
        var args = PJRT_LoadedExecutable_Execute_Args()
        args.struct_size = PJRT_LoadedExecutable_Execute_Args_STRUCT_SIZE
        args.executable = handle
        args.num_devices = deviceCount
        args.num_args = signature.parameters.count
        args.execute_device = device?.handle
        var completions = [OpaquePointer?](repeating: nil, count: deviceCount)
        let error = withUnsafeMutablePointer(to: &options) { options in
            args.options = options
            return inputLists.withMemoryRebound(to: UnsafePointer<OpaquePointer?>?.self, capacity: deviceCount) { inputs in
                args.argument_lists = UnsafePointer(inputs)
                args.output_lists = UnsafePointer(outputLists)
                return completions.withUnsafeMutableBufferPointer { events in
                    args.device_complete_events = events.baseAddress
                    return api.pointee.PJRT_LoadedExecutable_Execute(&args)
                }
            }
        }
        try client.plugin.check(error, during: "executing a program")
        PendingExecutions.add(completions.compactMap { $0 }, of: client.plugin, program: ObjectIdentifier(self))
    }

    private func markDonated(_ arguments: [Buffer]) {
        for index in signature.donatedParameters { arguments[index].markDonated() }
    }

    /// Checks one device's arguments against the signature.
    private func validate(_ arguments: [Buffer], on device: Device) throws {
        guard arguments.count == signature.parameters.count else {
            throw XLAError.argumentCount(expected: signature.parameters.count, got: arguments.count)
        }
        for (index, (buffer, expected)) in zip(arguments, deviceSignature.parameters).enumerated() {
            try buffer.checkUsable()
            guard buffer.type == expected else {
                throw XLAError.argumentType(index: index, expected: expected, got: buffer.type)
            }
            guard buffer.client === client else {
                throw XLAError.wrongDevice("argument \(index) belongs to another client")
            }
            guard buffer.device == device else {
                throw XLAError.wrongDevice("argument \(index) is on \(buffer.device) but this execution runs on \(device)")
            }
        }
        for index in signature.donatedParameters {
            let donatedBuffer = arguments[index]
            if arguments.indices.contains(where: { $0 != index && arguments[$0] === donatedBuffer }) {
                throw XLAError.invalidOptions("argument \(index) is donated but the same buffer is also passed as another argument")
            }
        }
    }

    private func addressableDevices() throws -> [Device] {
        var args = PJRT_LoadedExecutable_AddressableDevices_Args()
        args.struct_size = PJRT_LoadedExecutable_AddressableDevices_Args_STRUCT_SIZE
        args.executable = handle
        try client.plugin.check(api.pointee.PJRT_LoadedExecutable_AddressableDevices(&args), during: "listing the executable's devices")
        return try (0..<args.num_addressable_devices).map { index in
            let pointer = args.addressable_devices[index]
            guard let device = client.devices.first(where: { $0.handle == pointer }) else {
                throw XLAError.wrongDevice("the executable runs on a device the client does not list")
            }
            return device
        }
    }

    /// Runs `body` with the (unloaded) executable behind this loaded one.
    func withExecutable<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        var get = PJRT_LoadedExecutable_GetExecutable_Args()
        get.struct_size = PJRT_LoadedExecutable_GetExecutable_Args_STRUCT_SIZE
        get.loaded_executable = handle
        try client.plugin.check(api.pointee.PJRT_LoadedExecutable_GetExecutable(&get), during: "reading an executable")
        let executable = get.executable!
        defer {
            var destroy = PJRT_Executable_Destroy_Args()
            destroy.struct_size = PJRT_Executable_Destroy_Args_STRUCT_SIZE
            destroy.executable = executable
            if let error = api.pointee.PJRT_Executable_Destroy(&destroy) {
                _ = client.plugin.take(error, during: "releasing an executable")
            }
        }
        return try body(executable)
    }
}
