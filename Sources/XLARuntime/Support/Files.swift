#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Foundation-free whole-file reads and atomic writes.
package enum Files {
    /// The bytes of a file, or nil if it cannot be read.
    package static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return ferror(file) == 0 ? bytes : nil
    }

    /// Writes a file through a temporary name and a rename, so readers never
    /// see half a file. Returns whether it succeeded.
    @discardableResult
    package static func write(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
        let temporary = path + ".\(getpid()).partial"
        guard let file = fopen(temporary, "wb") else { return false }
        let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
        let closed = fclose(file) == 0
        guard written == bytes.count, closed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Creates a directory and its parents; returns whether it exists afterwards.
    @discardableResult
    static func createDirectory(_ path: String) -> Bool {
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
    static func remove(_ path: String) { unlink(path) }

    /// The size and modification time of a file, as a string; nil if missing.
    static func identity(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return "\(status.st_size)-\(status.st_mtim.tv_sec)"
    }
}
