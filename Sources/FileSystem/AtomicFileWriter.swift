#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

// The C library's write, under a name that `AtomicFileWriter.write` does not shadow.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// Writes a file atomically: the bytes go to a temporary file in the same
/// directory, which is synced to disk and then renamed over the target, so
/// a reader (or a crash) sees either the old file or the complete new one.
/// A writer that is not committed removes its temporary file.
package final class AtomicFileWriter {
    /// The file being replaced.
    package let path: String
    /// The temporary file written first.
    package let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var finished = false

    private static let counter = Atomic<Int>(0)

    /// Creates the temporary file next to `path`, after refusing a
    /// destination that is a symbolic link or not a regular file
    /// (``FileError/notRegularFile(path:kind:)``, nothing written) and
    /// removing temporary files that killed saves to `path` left behind.
    package init(path: String) throws(FileError) {
        self.path = path
        try FileKind.checkSaveDestination(path)
        StaleTemporaryFiles.remove(for: path)
        let serial = Self.counter.add(1, ordering: .relaxed).newValue
        temporaryPath = StaleTemporaryFiles.name(for: path, pid: getpid(), serial: serial)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let error = FileError.system(path, "create a temporary file for")
            finished = true  // the name may be another writer's: do not remove it
            throw error
        }
    }

    deinit { abandon() }

    /// Appends bytes: small writes are gathered, large ones go straight to the file.
    package func write(_ bytes: [UInt8]) throws(FileError) {
        if pending.count + bytes.count < Self.blockSize {
            pending.append(contentsOf: bytes)
            return
        }
        try flush()
        try writeAll(bytes)
    }

    private static let blockSize = 1 << 22

    private func flush() throws(FileError) {
        try writeAll(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, "write")
            }
            offset += count
        }
    }

    /// Flushes, syncs and closes the temporary file, renames it over the
    /// target and syncs the directory.
    package func commit() throws(FileError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw .system(path, "sync") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw .system(path, "close") }
        guard rename(temporaryPath, path) == 0 else { throw .system(path, "rename the temporary file onto") }
        finished = true
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Closes and removes the temporary file if it was not committed.
    package func abandon() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if !finished {
            unlink(temporaryPath)
            finished = true
        }
    }
}
