import Testing
import XLARuntime

/// One program partitioned over 4 CPU devices of one client (SPMD with
/// Shardy annotations), and the inputs that would abort the process inside
/// the plugin, each a typed error instead.
@Suite struct ShardedExecutionTests {
    /// `x · w` with `x` split by rows over the mesh axis "data", `w` replicated.
    static func rowShardedMatmul(rows: Int) -> String {
        """
        module @sharded_matmul {
          sdy.mesh @mesh = <["data"=4]>
          func.func public @main(%x: tensor<\(rows)x2xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>},
                                 %w: tensor<2x3xf32> {sdy.sharding = #sdy.sharding<@mesh, [{}, {}]>})
              -> (tensor<\(rows)x3xf32> {sdy.sharding = #sdy.sharding<@mesh, [{"data"}, {}]>}) {
            %0 = stablehlo.dot_general %x, %w, contracting_dims = [1] x [0] : (tensor<\(rows)x2xf32>, tensor<2x3xf32>) -> tensor<\(rows)x3xf32>
            return %0 : tensor<\(rows)x3xf32>
          }
        }
        """
    }

    static let shardy = CompileOptions(partitions: 4, useShardyPartitioner: true)

    /// Row `r` of `x` is `[r, 1]`; `w` is `[[1, 2, 3], [10, 20, 30]]`, so row
    /// `r` of the product is `[r + 10, 2r + 20, 3r + 30]`.
    static func run(rows: Int, client: Client, options: CompileOptions = shardy) throws -> [[Float]] {
        let executable = try client.compile(rowShardedMatmul(rows: rows), options: options)
        let shardRows = rows / 4
        let arguments = try executable.devices.enumerated().map { position, device in
            let x = (0..<shardRows).flatMap { local -> [Float] in [Float(position * shardRows + local), 1] }
            return [try client.buffer(x, shape: [shardRows, 2], on: device),
                    try client.buffer([Float(1), 2, 3, 10, 20, 30], shape: [2, 3], on: device)]
        }
        return try executable.execute(replicated: arguments).map { try $0[0].toArray(as: Float.self) }
    }

    static func expectedRows(_ rows: Range<Int>) -> [Float] {
        rows.flatMap { row -> [Float] in
            let r = Float(row)
            return [r + 10, 2 * r + 20, 3 * r + 30]
        }
    }

    @Test(arguments: cpuPlugins)
    func aRowShardedMatmulRunsOnFourDevices(plugin: String) throws {
        let client = try Client(plugin: try Plugin.load(plugin), options: ClientOptions(cpuDeviceCount: 4))
        let executable = try client.compile(Self.rowShardedMatmul(rows: 8), options: Self.shardy)
        #expect(executable.deviceSignature.parameters.map(\.shape) == [[2, 2], [2, 3]])
        #expect(executable.deviceSignature.results.map(\.shape) == [[2, 3]])
        let shards = try Self.run(rows: 8, client: client)
        for (position, shard) in shards.enumerated() {
            #expect(shard == Self.expectedRows(2 * position..<2 * position + 2))
        }
    }

    @Test func anUnevenShardingIsATypedError() throws {
        #expect {
            try Client.shared(cpuDeviceCount: 4).compile(Self.rowShardedMatmul(rows: 6), options: Self.shardy)
        } throws: { error in
            guard case let XLAError.invalidProgram(reason) = error else { return false }
            return reason.contains("cannot be split evenly 4 ways")
        }
    }

    @Test func aPermutedDeviceAssignmentPlacesPartitionsOnThoseDevices() throws {
        let client = try Client.shared(cpuDeviceCount: 4)
        var options = Self.shardy
        options.deviceAssignment = client.devices.reversed().map(\.id)
        let executable = try client.compile(Self.rowShardedMatmul(rows: 8), options: options)
        #expect(executable.devices == client.devices.reversed())
        #expect(try Self.run(rows: 8, client: client, options: options)[0] == Self.expectedRows(0..<2))
    }

    @Test func aShardOfTheRightSizeButOtherDimensionsIsRejected() throws {
        let client = try Client.shared(cpuDeviceCount: 4)
        let executable = try client.compile(Self.rowShardedMatmul(rows: 8), options: Self.shardy)
        let arguments = try executable.devices.map { device in
            [try client.buffer([Float](repeating: 1, count: 4), shape: [1, 4], on: device),
             try client.buffer([Float](repeating: 1, count: 6), shape: [2, 3], on: device)]
        }
        #expect(throws: XLAError.argumentType(index: 0, expected: .init(.float32, [2, 2]), got: .init(.float32, [1, 4]))) {
            try executable.execute(replicated: arguments)
        }
    }

    @Test(arguments: [[0, 1, 2, 3, 0, 1, 2, 3], [0, 1, 2], [0, 1, 1, 2], [0, 1, 2, 7], [0, 1, 2, -1]])
    func aDeviceAssignmentTheClientCannotHoldIsATypedError(assignment: [Int]) throws {
        let client = try Client.shared(cpuDeviceCount: 4)
        var options = Self.shardy
        options.deviceAssignment = assignment
        #expect(throws: XLAError.self) { try client.compile(Self.rowShardedMatmul(rows: 8), options: options) }
    }

    @Test func countsWhoseProductOverflowAreATypedError() throws {
        let client = try Client.shared(cpuDeviceCount: 4)
        #expect(throws: XLAError.self) {
            try client.compile(Self.rowShardedMatmul(rows: 8), options: CompileOptions(replicas: Int.max, partitions: 2))
        }
        let huge = Self.rowShardedMatmul(rows: 8).replacing("<[\"data\"=4]>", with: "<[\"data\"=4611686018427387904, \"model\"=4]>")
            .replacing("[{\"data\"}, {}]>}", with: "[{\"data\", \"model\"}, {}]>}")
        #expect(throws: XLAError.self) { try client.compile(huge, options: Self.shardy) }
    }

    @Test func aChannelCollectivePermuteAsReplicasIsATypedError() throws {
        let program = """
        module @ring {
          func.func public @main(%x: tensor<2xf32>) -> tensor<2xf32> {
            %0 = "stablehlo.collective_permute"(%x) <{channel_handle = #stablehlo.channel_handle<handle = 1, type = 1>,
                source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>}> : (tensor<2xf32>) -> tensor<2xf32>
            return %0 : tensor<2xf32>
          }
        }
        """
        let client = try Client.shared(cpuDeviceCount: 4)
        #expect {
            try client.compile(program, options: CompileOptions(replicas: 4))
        } throws: { error in
            guard case let XLAError.invalidProgram(reason) = error else { return false }
            return reason.contains("collective_permute")
        }
    }

    @Test func aShardingOverAnUndeclaredAxisIsATypedError() throws {
        let program = Self.rowShardedMatmul(rows: 8).replacing("[{\"data\"}, {}]>}", with: "[{\"model\"}, {}]>}")
        #expect(throws: XLAError.self) {
            try Client.shared(cpuDeviceCount: 4).compile(program, options: Self.shardy)
        }
    }
}
