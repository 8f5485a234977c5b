#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSystem

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

    /// Adds ``requiredXLAFlags`` to `XLA_FLAGS`, keeping the user's flags
    /// (a flag file's read inline, see ``inlinedXLAFlags()``).
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` when `XLA_FLAGS` names a
    ///   flag file that cannot be read.
    static func setXLADefaults() throws {
        let flags = try inlinedXLAFlags()
        let missing = requiredXLAFlags.sorted(by: { $0.key < $1.key }).filter { !flags.contains("--\($0.key)") }
        setXLAFlags(flags, appending: missing.map { "--\($0.key)=\($0.value)" })
    }

    /// Appends `flags` (`--name=value` each) to `XLA_FLAGS` after the
    /// user's, which XLA reads first, so that a tool's own settings (a dump
    /// directory) win over the user's without dropping the rest of them.
    /// Call it before the first plugin loads.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` when `XLA_FLAGS` names a
    ///   flag file that cannot be read.
    package static func appendXLAFlags(_ flags: [String]) throws {
        setXLAFlags(try inlinedXLAFlags(), appending: flags)
    }

    /// The user's `XLA_FLAGS`, with a flag file's contents in place of its
    /// name: XLA reads a value that does not start with `-` as the name of a
    /// file of flags, and appending to it would name a file that does not
    /// exist (XLA exits the process), so the flags are written inline
    /// instead, which XLA parses the same way.
    private static func inlinedXLAFlags() throws -> String {
        let flags = value("XLA_FLAGS") ?? ""
        guard let first = flags.first(where: { !$0.isWhitespace }), first != "-" else { return flags }
        guard let contents = try? Files.read(flags) else {
            throw XLAError.invalidOptions("XLA_FLAGS names the flag file '\(flags)', which cannot be read")
        }
        return String(decoding: contents, as: UTF8.self)
    }

    private static func setXLAFlags(_ flags: String, appending extra: [String]) {
        setenv("XLA_FLAGS", ([flags].filter { !$0.isEmpty } + extra).joined(separator: " "), 1)
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
