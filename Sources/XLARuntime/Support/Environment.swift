#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Small, Foundation-free access to the process environment and files.
package enum Environment {
    /// The value of an environment variable, nil when unset or empty.
    package static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }

    /// The per-user cache directory: `$HK_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/haiku-swift`, else `~/.cache/haiku-swift`.
    package static var cacheDirectory: String {
        if let explicit = value("HK_CACHE_DIR") { return explicit }
        if let xdg = value("XDG_CACHE_HOME") { return xdg + "/haiku-swift" }
        return (value("HOME") ?? "/tmp") + "/.cache/haiku-swift"
    }

    /// Whether a regular file exists at `path`.
    package static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// XLA flags JAX's semantics need, added to `XLA_FLAGS` before the first
    /// plugin loads (XLA reads them once) unless the user set them already:
    /// `maximum`/`minimum` must propagate NaN, which XLA CPU's fast min/max
    /// does not. (A partial `DebugOptions` in the compile options would do
    /// it too, but zeroes every other debug option and crashes the plugin.)
    static let requiredXLAFlags = ["xla_cpu_enable_fast_min_max": "false"]

    /// Adds ``requiredXLAFlags`` to `XLA_FLAGS`, keeping the user's flags.
    ///
    /// XLA reads a value that does not start with `-` as the name of a file
    /// of flags; appending to it would name a file that does not exist (and
    /// XLA exits the process), so the file's flags are read and written
    /// inline instead, which XLA parses the same way.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` when `XLA_FLAGS` names a
    ///   flag file that cannot be read.
    static func setXLADefaults() throws {
        var flags = value("XLA_FLAGS") ?? ""
        if let first = flags.first(where: { !$0.isWhitespace }), first != "-" {
            guard let contents = Files.read(flags) else {
                throw XLAError.invalidOptions("XLA_FLAGS names the flag file '\(flags)', which cannot be read")
            }
            flags = String(decoding: contents, as: UTF8.self)
        }
        for (name, setting) in requiredXLAFlags.sorted(by: { $0.key < $1.key }) where !flags.contains("--\(name)") {
            flags += (flags.isEmpty ? "" : " ") + "--\(name)=\(setting)"
        }
        setenv("XLA_FLAGS", flags, 1)
    }

    /// Checks the flags the user set in `XLA_FLAGS` against the plugin
    /// library at `path` (see ``XLAFlagCheck``) before it loads; nothing is
    /// read when the user set none.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` naming the first flag the
    ///   plugin does not know, which XLA would answer by ending the process.
    static func checkXLAFlags(forPluginAt path: String) throws {
        guard let flags = value("XLA_FLAGS") else { return }
        let userFlags = XLAFlagCheck.names(in: flags).filter { requiredXLAFlags[$0] == nil }
        guard !userFlags.isEmpty, let unknown = XLAFlagCheck.unknown(userFlags, inLibraryAt: path)?.first else { return }
        throw XLAError.invalidOptions(
            "XLA_FLAGS sets --\(unknown), a flag the plugin at \(path) does not know (XLA would end the process); check its spelling or remove it")
    }

    /// Runs a shell command and returns its standard output, or nil if it
    /// could not run or exited with a failure.
    package static func output(ofCommand command: String) -> String? {
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
