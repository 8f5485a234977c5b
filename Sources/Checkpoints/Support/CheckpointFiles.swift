import FileSystem

/// Checkpoint files read and written through the package's one file helper
/// (``FileSystem/Files``, ``FileSystem/AtomicFileWriter``), with its
/// errors as ``CheckpointError``.
enum CheckpointFiles {
    /// The whole content of the regular file at `path`.
    ///
    /// - Throws: ``CheckpointError/io(file:operation:reason:)`` or
    ///   ``CheckpointError/notRegularFile(file:kind:)``.
    static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        do throws(FileError) { return try Files.read(path) } catch { throw CheckpointError(error) }
    }

    /// Replaces `path` atomically with the bytes `body` emits: nothing is
    /// replaced when `body` or the write throws.
    ///
    /// - Throws: what `body` throws, ``CheckpointError/io(file:operation:reason:)``
    ///   or ``CheckpointError/notRegularFile(file:kind:)``.
    static func write(to path: String,
                      _ body: (_ emit: ([UInt8]) throws(CheckpointError) -> Void) throws(CheckpointError) -> Void)
        throws(CheckpointError) {
        let writer: AtomicFileWriter
        do throws(FileError) { writer = try AtomicFileWriter(path: path) } catch { throw CheckpointError(error) }
        defer { writer.abandon() }
        try body { (bytes: [UInt8]) throws(CheckpointError) in
            do throws(FileError) { try writer.write(bytes) } catch { throw CheckpointError(error) }
        }
        do throws(FileError) { try writer.commit() } catch { throw CheckpointError(error) }
    }
}

extension CheckpointError {
    /// A file system error as the checkpoint error naming the same file.
    init(_ error: FileError) {
        switch error {
        case let .io(path, operation, reason): self = .io(file: path, operation: operation, reason: reason)
        case let .notRegularFile(path, kind): self = .notRegularFile(file: path, kind: kind)
        }
    }
}
