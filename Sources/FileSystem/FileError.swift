#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a file could not be read or written: the one error of ``Files`` and
/// ``AtomicFileWriter``, which each library turns into its own typed error
/// (`CheckpointError.io`, `XLAError.invalidOptions`, a usage error in hkc).
package enum FileError: Error, Equatable, CustomStringConvertible {
    /// A system call failed: `operation` (open, read, write, sync, ...)
    /// on `path`, with the system's `reason` (`strerror`).
    case io(path: String, operation: String, reason: String)
    /// `path` is a `kind` (directory, FIFO, device, symbolic link, ...),
    /// not a regular file.
    case notRegularFile(path: String, kind: String)

    package var description: String {
        switch self {
        case let .io(path, operation, reason): "cannot \(operation) '\(path)': \(reason)"
        case let .notRegularFile(path, kind): "'\(path)' is a \(kind), not a regular file"
        }
    }

    /// The system's message for the current `errno`.
    static func system(_ path: String, _ operation: String) -> FileError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
