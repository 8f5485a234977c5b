import CXLA
import XLATypes

extension Executable {
    /// The result types one device produces, read from the compiled program
    /// (`PJRT_Executable_OutputDimensions`): a shard for a sharded result,
    /// the whole array for a replicated one.
    ///
    /// - Throws: ``XLAError/unsupportedByPlugin(function:path:)`` for a
    ///   plugin without the call, or the plugin's error.
    func outputShardTypes() throws -> [TensorType] {
        try client.plugin.require(\.PJRT_Executable_OutputDimensions, "PJRT_Executable_OutputDimensions")
        var args = PJRT_Executable_OutputDimensions_Args()
        args.struct_size = PJRT_Executable_OutputDimensions_Args_STRUCT_SIZE
        return try withExecutable { executable in
            args.executable = executable
            try client.plugin.check(client.api.pointee.PJRT_Executable_OutputDimensions(&args), during: "reading the output shapes")
            guard args.num_outputs == signature.results.count else {
                throw XLAError.invalidProgram(reason: "the compiled program has \(args.num_outputs) outputs, @main declares \(signature.results.count)")
            }
            var offset = 0
            return (0..<args.num_outputs).map { index in
                let rank = args.dim_sizes[index]
                let shape = (0..<rank).map { Int(args.dims[offset + $0]) }
                offset += rank
                return TensorType(signature.results[index].elementType, shape)
            }
        }
    }
}
