#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The C library's read, under a name that `Files.read` does not shadow.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Foundation-free file reads, atomic writes and directory listings: the
/// one file helper of the package (checkpoints, the compilation cache, XLA
/// flag files, hkc's outputs). Writes go through ``AtomicFileWriter``.
package enum Files {
    /// The whole content of a regular file. Anything else (a FIFO, a
    /// directory, `/dev/zero`, a device) is refused before it is opened, and
    /// again on the opened descriptor, which is opened non-blocking so a FIFO
    /// swapped in between cannot hang the open. At most the size `fstat`
    /// reports is read, so a file that grows cannot exhaust memory.
    ///
    /// - Throws: ``FileError/io(path:operation:reason:)`` or
    ///   ``FileError/notRegularFile(path:kind:)``.
    package static func read(_ path: String) throws(FileError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .system(path, "open") }
        try FileKind.requireRegular(status, path: path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(path, "open") }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw .system(path, "read") }
        try FileKind.requireRegular(status, path: path)
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress! + filled, size - filled) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path, "read")
            }
            if count == 0 { break }
            filled += count
        }
        if filled < size { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Replaces `path` with `bytes` atomically and durably (see
    /// ``AtomicFileWriter``): a reader sees the old file or the whole new one.
    ///
    /// - Throws: as ``AtomicFileWriter/init(path:)`` and ``AtomicFileWriter/commit()``.
    package static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let writer = try AtomicFileWriter(path: path)
        defer { writer.abandon() }
        try writer.write(bytes)
        try writer.commit()
    }

    /// Creates a directory and its parents; returns whether it exists afterwards.
    @discardableResult
    package static func createDirectory(_ path: String) -> Bool {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            mkdir(prefix, 0o755)
        }
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, sorted; empty if it cannot be read.
    package static func contents(ofDirectory path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes a directory's files and the directory, ignoring failure.
    package static func removeDirectory(_ path: String) {
        for name in contents(ofDirectory: path) { unlink(path + "/" + name) }
        rmdir(path)
    }

    /// Removes a file, ignoring failure.
    package static func remove(_ path: String) { unlink(path) }

    /// The size and modification time of a file, as a string; nil if missing.
    package static func identity(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return "\(status.st_size)-\(status.st_mtim.tv_sec)"
    }
}
