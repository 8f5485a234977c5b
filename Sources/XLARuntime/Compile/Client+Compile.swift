import CXLA
import FileSystem
import XLATypes

extension Client {
    /// Compiles StableHLO text, or returns the executable compiled earlier for
    /// the same program and options (from memory, else from the disk cache).
    ///
    /// - Throws: ``XLAError/invalidProgram(reason:)`` when `@main`'s signature
    ///   cannot be read, ``XLAError/invalidOptions(_:)`` for bad counts, and
    ///   ``XLAError/pjrt(code:message:during:)`` with XLA's message (for a
    ///   parse error it names line and column).
    public func compile(_ program: String, options: CompileOptions = CompileOptions()) throws -> Executable {
        try compileWithOutcome(program, options: options).executable
    }

    /// Compiles as ``compile(_:options:)`` does, and tells where the
    /// executable came from (XLA, the disk cache or memory) and how long
    /// that took: what a compile report shows.
    ///
    /// - Throws: as ``compile(_:options:)``.
    public func compileWithOutcome(_ program: String, options: CompileOptions = CompileOptions()) throws
        -> (executable: Executable, outcome: CompileOutcome) {
        let (executable, outcome, _) = try compileKeyed(program, options: options)
        return (executable, outcome)
    }

    /// ``compileWithOutcome(_:options:)``, with the key the executable is cached under.
    func compileKeyed(_ program: String, options: CompileOptions) throws
        -> (executable: Executable, outcome: CompileOutcome, key: CompilationCacheKey) {
        let clock = ContinuousClock()
        let start = clock.now
        let serializedOptions = try options.serialized()
        guard options.deviceCount <= devices.count else {
            throw XLAError.invalidOptions(
                "the program needs \(options.deviceCount) devices but the client has \(devices.count); create the client with ClientOptions(cpuDeviceCount: \(options.deviceCount))")
        }
        try options.checkDeviceAssignment(against: devices)
        try options.checkReplicaModePermutes(in: program)
        let key = CompilationCacheKey(program: program, serializedOptions: serializedOptions, client: self)
        if let executable = cache.cached(key) {
            return (executable, CompileOutcome(source: .memoryCache, duration: clock.now - start), key)
        }
        let signature = try ProgramSignature(parsing: program)
        let parameterShards = options.partitions > 1 ? try ShardyAnnotations(parsing: program).parameterShards(signature) : nil
        let executable: Executable
        let source: CompileOutcome.Source
        if let loaded = try loadFromDisk(key, signature: signature, options: options, parameterShards: parameterShards) {
            (executable, source) = (loaded, .diskCache)
        } else {
            let compileStart = clock.now
            executable = try compileWithXLA(program, serializedOptions, signature: signature, options: options,
                                            parameterShards: parameterShards)
            cache.record(.compile)
            if (clock.now - compileStart).seconds >= cache.minimumCompileSeconds { saveToDisk(executable, key) }
            source = .compiled
        }
        cache.store(executable, for: key)
        return (executable, CompileOutcome(source: source, duration: clock.now - start), key)
    }

    private func compileWithXLA(_ program: String, _ serializedOptions: [UInt8], signature: ProgramSignature,
                                options: CompileOptions, parameterShards: [TensorType]?) throws -> Executable {
        var code = Array(program.utf8)
        var format = Array("mlir".utf8)
        var compile = PJRT_Client_Compile_Args()
        compile.struct_size = PJRT_Client_Compile_Args_STRUCT_SIZE
        compile.client = handle
        let error = code.withUnsafeMutableBufferPointer { code in
            format.withUnsafeMutableBufferPointer { format in
                serializedOptions.withUnsafeBufferPointer { optionBytes in
                    var source = PJRT_Program()
                    source.struct_size = PJRT_Program_STRUCT_SIZE
                    source.code = UnsafeMutableRawPointer(code.baseAddress!).assumingMemoryBound(to: CChar.self)
                    source.code_size = code.count
                    source.format = UnsafeRawPointer(format.baseAddress!).assumingMemoryBound(to: CChar.self)
                    source.format_size = format.count
                    return withUnsafePointer(to: &source) { source in
                        compile.program = source
                        compile.compile_options = UnsafeRawPointer(optionBytes.baseAddress!).assumingMemoryBound(to: CChar.self)
                        compile.compile_options_size = optionBytes.count
                        return api.pointee.PJRT_Client_Compile(&compile)
                    }
                }
            }
        }
        try plugin.check(error, during: "compiling a program")
        return try Executable(client: self, handle: compile.executable!, signature: signature, options: options,
                              parameterShards: parameterShards)
    }

    private func loadFromDisk(_ key: CompilationCacheKey, signature: ProgramSignature, options: CompileOptions,
                              parameterShards: [TensorType]?) throws -> Executable? {
        // Checked before XLA sees the bytes: a plugin may crash on a damaged executable.
        guard let path = cache.diskPath(for: key), plugin.has(\.PJRT_Executable_DeserializeAndLoad),
              let bytes = cache.readEntry(path, keyText: key.text) else { return nil }
        var load = PJRT_Executable_DeserializeAndLoad_Args()
        load.struct_size = PJRT_Executable_DeserializeAndLoad_Args_STRUCT_SIZE
        load.client = handle
        let error = bytes.withUnsafeBytes { bytes in
            load.serialized_executable = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            load.serialized_executable_size = bytes.count
            return api.pointee.PJRT_Executable_DeserializeAndLoad(&load)
        }
        if let error {
            _ = plugin.take(error, during: "loading a cached executable")
            cache.rejectEntry(path)
            return nil
        }
        cache.record(.diskHit)
        DiskCacheDirectory.touch(path)
        return try Executable(client: self, handle: load.loaded_executable!, signature: signature, options: options,
                              parameterShards: parameterShards)
    }

    /// Writes the executable's entry, then trims the directory to the size limit.
    private func saveToDisk(_ executable: Executable, _ key: CompilationCacheKey) {
        guard let path = cache.diskPath(for: key), let directory = cache.directory,
              plugin.has(\.PJRT_Executable_Serialize), Files.createDirectory(directory) else { return }
        _ = try? executable.withExecutable { handle in
            var serialize = PJRT_Executable_Serialize_Args()
            serialize.struct_size = PJRT_Executable_Serialize_Args_STRUCT_SIZE
            serialize.executable = handle
            try plugin.check(api.pointee.PJRT_Executable_Serialize(&serialize), during: "serializing an executable")
            defer { serialize.serialized_executable_deleter?(serialize.serialized_executable) }
            let file = CacheEntryFile.encode(
                UnsafeRawBufferPointer(start: serialize.serialized_bytes, count: serialize.serialized_bytes_size),
                key: key.text)
            try? Files.write(file, to: path)
        }
        cache.record(.diskEvictions(DiskCacheDirectory.trim(directory, to: cache.sizeLimit)))
    }
}
