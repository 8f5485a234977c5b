#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

// The C library's read and write, under names that the methods below do not shadow.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// Foundation-free file reads and atomic, durable writes.
enum FileIO {
    /// The whole content of a regular file. Anything else (a FIFO, a
    /// directory, `/dev/zero`, a device) is refused before it is opened, and
    /// again on the opened descriptor, which is opened non-blocking so a FIFO
    /// swapped in between cannot hang the open. At most the size `fstat`
    /// reports is read, so a file that grows cannot exhaust memory.
    static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw failure(path, "open") }
        try FileKind.requireRegular(status, path: path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open") }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw failure(path, "read") }
        try FileKind.requireRegular(status, path: path)
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if count == 0 { break }
            filled += count
        }
        if filled < size { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// The system's message for the current `errno`.
    static func failure(_ path: String, _ operation: String) -> CheckpointError {
        .io(file: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}

/// Writes a file atomically: the bytes go to a temporary file in the same
/// directory, which is synced to disk and then renamed over the target, so
/// a reader (or a crash) sees either the old file or the complete new one.
/// A writer that is not committed removes its temporary file.
final class AtomicFileWriter {
    /// The file being replaced.
    let path: String
    /// The temporary file written first.
    let temporaryPath: String
    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var finished = false

    private static let counter = Atomic<Int>(0)

    /// Creates the temporary file next to `path`, after refusing a
    /// destination that is a symbolic link or not a regular file
    /// (``CheckpointError/notRegularFile(file:kind:)``, nothing written) and
    /// removing temporary files that killed saves to `path` left behind.
    init(path: String) throws(CheckpointError) {
        self.path = path
        try FileKind.checkSaveDestination(path)
        StaleTemporaryFiles.remove(for: path)
        let serial = Self.counter.add(1, ordering: .relaxed).newValue
        temporaryPath = StaleTemporaryFiles.name(for: path, pid: getpid(), serial: serial)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let error = FileIO.failure(path, "create a temporary file for")
            finished = true  // the name may be another writer's: do not remove it
            throw error
        }
    }

    deinit { abandon() }

    /// Appends bytes: small writes are gathered, large ones go straight to the file.
    func write(_ bytes: [UInt8]) throws(CheckpointError) {
        if pending.count + bytes.count < Self.blockSize {
            pending.append(contentsOf: bytes)
            return
        }
        try flush()
        try writeAll(bytes)
    }

    private static let blockSize = 1 << 22

    private func flush() throws(CheckpointError) {
        try writeAll(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(CheckpointError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { posixWrite(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIO.failure(path, "write")
            }
            offset += count
        }
    }

    /// Flushes, syncs and closes the temporary file, renames it over the
    /// target and syncs the directory.
    func commit() throws(CheckpointError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw FileIO.failure(path, "sync") }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw FileIO.failure(path, "close") }
        guard rename(temporaryPath, path) == 0 else { throw FileIO.failure(path, "rename the temporary file onto") }
        finished = true
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Closes and removes the temporary file if it was not committed.
    func abandon() {
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
