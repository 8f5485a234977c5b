#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Foundation-free file reads and atomic, durable writes.
enum FileIO {
    /// The whole content of a file.
    static func read(_ path: String) throws(CheckpointError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, "read") }
        guard (status.st_mode & S_IFMT) != S_IFDIR else {
            throw CheckpointError.io(file: path, operation: "read", reason: "it is a directory")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
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

    /// Creates the temporary file next to `path`.
    init(path: String) throws(CheckpointError) {
        self.path = path
        let serial = Self.counter.add(1, ordering: .relaxed).newValue
        temporaryPath = path + ".tmp-\(getpid())-\(serial)"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileIO.failure(path, "create a temporary file for") }
    }

    deinit { abandon() }

    /// Appends bytes (buffered; flushed in large blocks).
    func write(_ bytes: some Collection<UInt8>) throws(CheckpointError) {
        pending.append(contentsOf: bytes)
        if pending.count >= 1 << 22 { try flush() }
    }

    private func flush() throws(CheckpointError) {
        var offset = 0
        while offset < pending.count {
            let count = pending.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileIO.failure(path, "write")
            }
            offset += count
        }
        pending.removeAll(keepingCapacity: true)
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
