import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// Checks that option `--name` lies in `range`, so that a zero, negative or
/// huge count is a usage error instead of a crash or an empty run.
func requireRange(_ value: Int, _ range: ClosedRange<Int>, _ name: String) throws {
    guard range.contains(value) else {
        throw ValidationError("--\(name) must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
    }
}

/// Checks, before any work starts, that the file option `--name` can be
/// written at `path`: its directory exists and is writable, and the path
/// is not a directory.
func requireWritable(_ path: String, _ name: String) throws {
    guard !path.isEmpty else { throw ValidationError("--\(name) must not be empty") }
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    var status = stat()
    if stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
        throw ValidationError("--\(name) \(path) is a directory, not a file")
    }
    guard stat(directory, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
        throw ValidationError("--\(name) \(path): the directory \(directory) does not exist")
    }
    guard access(directory, W_OK | X_OK) == 0 else {
        throw ValidationError("--\(name) \(path): the directory \(directory) is not writable")
    }
}
