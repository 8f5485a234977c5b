#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Removes the temporary files that saves killed midway (by a signal, a
/// crash, a power cut) left next to a destination. ``AtomicFileWriter``
/// names them `<name>.tmp-<pid>-<n>`; one whose process no longer exists
/// can never be committed, so the next save to the same path removes it.
/// Files of live processes (this one included: another save may be under
/// way) and anything that is not a regular file are left alone.
package enum StaleTemporaryFiles {
    /// The temporary file name a writer in process `pid` uses for `path`.
    package static func name(for path: String, pid: pid_t, serial: Int) -> String {
        "\(path).tmp-\(pid)-\(serial)"
    }

    /// Removes the stale temporary files of `path`; failures are ignored
    /// (the save itself reports any real problem with the directory).
    package static func remove(for path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let prefix = (slash.map { String(path[path.index(after: $0)...]) } ?? path) + ".tmp-"
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        var stale: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix), let pid = owner(String(name.dropFirst(prefix.count))), !isAlive(pid) else { continue }
            stale.append(directory == "/" ? "/" + name : directory + "/" + name)
        }
        for file in stale {
            var status = stat()
            guard lstat(file, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(file)
        }
    }

    /// The process id in a `<pid>-<n>` suffix, or nil if the suffix has another form.
    package static func owner(_ suffix: String) -> pid_t? {
        let parts = suffix.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let pid = pid_t(parts[0]), pid > 0, Int(parts[1]) != nil else { return nil }
        return pid
    }

    /// Whether process `pid` exists (this process counts as alive).
    package static func isAlive(_ pid: pid_t) -> Bool {
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno != ESRCH
    }
}
