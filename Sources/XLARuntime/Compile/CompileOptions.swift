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

    /// Creates options; one replica and one partition by default.
    public init(replicas: Int = 1, partitions: Int = 1, useSPMDPartitioning: Bool? = nil, portable: Bool = false) {
        self.replicas = replicas
        self.partitions = partitions
        self.useSPMDPartitioning = useSPMDPartitioning ?? (partitions > 1)
        self.portable = portable
    }

    /// The number of devices one execution uses.
    public var deviceCount: Int { replicas * partitions }

    /// The serialized `CompileOptionsProto`: field 3 `executable_build_options`
    /// holding `num_replicas` (4), `num_partitions` (5) and
    /// `use_spmd_partitioning` (6); field 4 `compile_portable_executable`.
    func serialized() throws -> [UInt8] {
        guard replicas >= 1, partitions >= 1 else {
            throw XLAError.invalidOptions("replicas and partitions must be at least 1 (got \(replicas) and \(partitions))")
        }
        var build: [UInt8] = [0x20] + varint(replicas) + [0x28] + varint(partitions)
        if useSPMDPartitioning { build += [0x30, 1] }
        guard !portable || deviceCount == 1 else {
            throw XLAError.invalidOptions("only a single-device program can be portable")
        }
        return [0x1a] + varint(build.count) + build + (portable ? [0x20, 1] : [])
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
