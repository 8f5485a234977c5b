import FileSystem

extension Client {
    /// Compiles a traced program, reusing the StableHLO text it was lowered
    /// to before (from memory, else from the disk cache) instead of calling
    /// `lower`: a program traced again, in this process or a later one,
    /// skips the passes and the emission as well as XLA's compile.
    ///
    /// `source` must describe the traced program completely: two programs
    /// with the same `source` must lower to the same text. The reuse is
    /// keyed by it and by the lowering code itself (``LoweredProgramKey``);
    /// the text is then compiled as ``compileWithOutcome(_:options:)`` does,
    /// under its own key. A lowering is kept on disk only next to its
    /// executable's entry, so the disk holds no lowering it cannot use.
    ///
    /// - Returns: the executable, the compile's outcome, and whether the
    ///   lowering was reused (`lower` was not called).
    /// - Throws: `lower`'s errors, and as ``compileWithOutcome(_:options:)``.
    package func compileWithOutcome(source: String, options: CompileOptions = CompileOptions(),
                                    lower: () throws -> String) throws
        -> (executable: Executable, outcome: CompileOutcome, reusedLowering: Bool) {
        guard let key = LoweredProgramKey(source: source) else {
            let (executable, outcome) = try compileWithOutcome(try lower(), options: options)
            return (executable, outcome, false)
        }
        let digest = key.digest
        if let program = cache.loweredProgram(digest: digest, keyText: key.text) {
            let (executable, outcome) = try compileWithOutcome(program, options: options)
            return (executable, outcome, true)
        }
        let program = try lower()
        let (executable, outcome, executableKey) = try compileKeyed(program, options: options)
        cache.storeLoweredProgram(program, digest: digest, keyText: key.text,
                                  onDisk: cache.diskPath(for: executableKey).map { Files.identity($0) != nil } ?? false)
        return (executable, outcome, false)
    }
}

extension ExecutableCache {
    /// The lowered program stored under a ``LoweredProgramKey`` (its digest
    /// and text), from memory, else from disk (then kept in memory too).
    func loweredProgram(digest: String, keyText: String) -> String? {
        var program = loweredPrograms.withLock { $0.value(for: digest) }
        if program == nil, let path = diskPath(digest: digest), let payload = readEntry(path, keyText: keyText) {
            DiskCacheDirectory.touch(path)
            let text = String(decoding: payload, as: UTF8.self)
            loweredPrograms.withLock { $0.insert(text, for: digest) }
            program = text
        }
        if program != nil { record(.loweringHit) }
        return program
    }

    /// Keeps a lowered program in memory and, when `onDisk`, in the disk cache.
    func storeLoweredProgram(_ program: String, digest: String, keyText: String, onDisk: Bool) {
        loweredPrograms.withLock { $0.insert(program, for: digest) }
        guard onDisk, let path = diskPath(digest: digest), let directory else { return }
        let file = Array(program.utf8).withUnsafeBytes { CacheEntryFile.encode($0, key: keyText) }
        try? Files.write(file, to: path)
        record(.diskEvictions(DiskCacheDirectory.trim(directory, to: sizeLimit)))
    }
}
