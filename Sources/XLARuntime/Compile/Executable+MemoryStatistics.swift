import CXLA

/// What a compiled program needs in device memory, as XLA planned it.
public struct MemoryStatistics: Hashable, Sendable {
    /// Bytes of the arguments.
    public var argumentBytes: Int
    /// Bytes of the results.
    public var outputBytes: Int
    /// Bytes shared between arguments and results (donation).
    public var aliasBytes: Int
    /// Bytes of intermediate values alive at once: what rematerialization lowers.
    public var temporaryBytes: Int
    /// Bytes of generated code.
    public var generatedCodeBytes: Int
}

extension Executable {
    /// The program's memory plan.
    ///
    /// - Throws: ``XLAError/unsupportedByPlugin(function:path:)`` on a plugin
    ///   without `PJRT_Executable_GetCompiledMemoryStats`, or a PJRT error.
    public func memoryStatistics() throws -> MemoryStatistics {
        try client.plugin.require(\.PJRT_Executable_GetCompiledMemoryStats, "PJRT_Executable_GetCompiledMemoryStats")
        return try withExecutable { executable in
            var args = PJRT_Executable_GetCompiledMemoryStats_Args()
            args.struct_size = PJRT_Executable_GetCompiledMemoryStats_Args_STRUCT_SIZE
            args.executable = executable
            try client.plugin.check(client.api.pointee.PJRT_Executable_GetCompiledMemoryStats(&args),
                                    during: "reading memory statistics")
            return MemoryStatistics(argumentBytes: Int(args.argument_size_in_bytes), outputBytes: Int(args.output_size_in_bytes),
                                    aliasBytes: Int(args.alias_size_in_bytes), temporaryBytes: Int(args.temp_size_in_bytes),
                                    generatedCodeBytes: Int(args.generated_code_size_in_bytes))
        }
    }
}
