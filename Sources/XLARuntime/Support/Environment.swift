#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Small, Foundation-free access to the process environment and files.
enum Environment {
    /// The value of an environment variable, nil when unset or empty.
    static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }

    /// The per-user cache directory: `$HK_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/haiku-swift`, else `~/.cache/haiku-swift`.
    static var cacheDirectory: String {
        if let explicit = value("HK_CACHE_DIR") { return explicit }
        if let xdg = value("XDG_CACHE_HOME") { return xdg + "/haiku-swift" }
        return (value("HOME") ?? "/tmp") + "/.cache/haiku-swift"
    }

    /// Whether a regular file exists at `path`.
    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// The names in a directory, sorted; empty if it cannot be read.
    static func contents(ofDirectory path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Runs a shell command and returns its standard output, or nil if it
    /// could not run or exited with a failure.
    static func output(ofCommand command: String) -> String? {
        guard let pipe = popen(command, "r") else { return nil }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, pipe)
            if count <= 0 { break }
            output.append(contentsOf: chunk[0..<count])
        }
        let status = pclose(pipe)
        return status == 0 ? String(decoding: output, as: UTF8.self) : nil
    }
}
