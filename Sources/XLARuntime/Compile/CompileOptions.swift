/// How to compile a program: replicas and partitions.
///
/// Always serialized as a non-empty `CompileOptionsProto` with both counts
/// at least 1: empty options or a count of 0 abort the process inside XLA.
public struct CompileOptions: Hashable, Sendable {
    /// Copies of the program that run in parallel, one per device (data
    /// parallelism; collectives such as `all_reduce` work across them).
    public var replicas: Int
    /// Partitions of one program across devices (SPMD).
    public var partitions: Int
    /// Whether XLA partitions the program from its sharding annotations.
    /// Required when `partitions > 1`.
    public var useSPMDPartitioning: Bool

    /// Whether a single-device program may run on any device of the client
    /// (chosen at execute), instead of the one it was compiled for.
    public var portable: Bool
    /// Whether XLA partitions with Shardy: required when the program uses
    /// the `sdy` dialect (`sdy.mesh`, `sdy.sharding`), harmless otherwise.
    public var useShardyPartitioner: Bool
    /// The ids of the devices the program runs on, replica-major
    /// (`[replica * partitions + partition]`); nil runs it on the client's
    /// first ``deviceCount`` devices in order. Checked at compile: exactly
    /// ``deviceCount`` distinct ids of the client's devices.
    public var deviceAssignment: [Int]?

    /// Creates options; one replica and one partition by default.
    public init(replicas: Int = 1, partitions: Int = 1, useSPMDPartitioning: Bool? = nil, portable: Bool = false,
                useShardyPartitioner: Bool = false, deviceAssignment: [Int]? = nil) {
        self.replicas = replicas
        self.partitions = partitions
        self.useSPMDPartitioning = useSPMDPartitioning ?? (partitions > 1)
        self.portable = portable
        self.useShardyPartitioner = useShardyPartitioner
        self.deviceAssignment = deviceAssignment
    }

    /// The number of devices one execution uses.
    public var deviceCount: Int { replicas * partitions }

    /// The serialized `CompileOptionsProto`: field 3 `executable_build_options`
    /// holding `num_replicas` (4), `num_partitions` (5) and
    /// `use_spmd_partitioning` (6), `device_assignment` (9) and
    /// `use_shardy_partitioner` (19); field 4 `compile_portable_executable`.
    func serialized() throws -> [UInt8] {
        guard replicas >= 1, partitions >= 1 else {
            throw XLAError.invalidOptions("replicas and partitions must be at least 1 (got \(replicas) and \(partitions))")
        }
        guard !replicas.multipliedReportingOverflow(by: partitions).overflow else {
            throw XLAError.invalidOptions("\(replicas) replicas × \(partitions) partitions is more devices than can be counted")
        }
        var build: [UInt8] = [0x20] + varint(replicas) + [0x28] + varint(partitions)
        if useSPMDPartitioning { build += [0x30, 1] }
        if let deviceAssignment {
            guard deviceAssignment.count == deviceCount, deviceAssignment.allSatisfy({ $0 >= 0 }) else {
                throw XLAError.invalidOptions(
                    "the device assignment \(deviceAssignment) must list \(deviceCount) device ids (replicas × partitions), none negative")
            }
            let proto = serializedDeviceAssignment(deviceAssignment)
            build += [0x4a] + varint(proto.count) + proto
        }
        if useShardyPartitioner { build += [0x98, 0x01, 1] }
        guard !portable || deviceCount == 1 else {
            throw XLAError.invalidOptions("only a single-device program can be portable")
        }
        return [0x1a] + varint(build.count) + build + (portable ? [0x20, 1] : [])
    }

    /// `DeviceAssignmentProto`: `replica_count` (1), `computation_count` (2)
    /// and one `ComputationDevice` (3) per partition listing its device per
    /// replica (`replica_device_ids`, 1, packed).
    private func serializedDeviceAssignment(_ ids: [Int]) -> [UInt8] {
        var proto: [UInt8] = [0x08] + varint(replicas) + [0x10] + varint(partitions)
        for partition in 0..<partitions {
            let packed = (0..<replicas).flatMap { varint(ids[$0 * partitions + partition]) }
            let computation: [UInt8] = [0x0a] + varint(packed.count) + packed
            proto += [0x1a] + varint(computation.count) + computation
        }
        return proto
    }

    private func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7f)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }
}
