#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import FileSystem

/// The disk cache's directory of entries (`<sha256 of key>.xla`), kept
/// under a size limit by removing the least recently used: an entry's file
/// time is its last use (written, or refreshed by ``touch(_:)`` on a load).
/// Other processes may add and remove entries at the same time: a file that
/// vanishes in between is simply skipped.
enum DiskCacheDirectory {
    /// The suffix of entry files; other names in the directory are left alone.
    static let suffix = ".xla"

    /// One entry file: its path, size and last use.
    struct Entry {
        let path: String
        let size: Int
        let lastUse: timespec
    }

    /// The entry files in `directory`.
    static func entries(in directory: String) -> [Entry] {
        Files.contents(ofDirectory: directory).filter { $0.hasSuffix(suffix) }.compactMap { name in
            let path = directory + "/" + name
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
            return Entry(path: path, size: Int(status.st_size), lastUse: status.st_mtim)
        }
    }

    /// Marks an entry as just used.
    static func touch(_ path: String) {
        _ = utimensat(AT_FDCWD, path, nil, 0)
    }

    /// Removes the least recently used entries until those left take at
    /// most `limit` bytes; returns how many were removed.
    static func trim(_ directory: String, to limit: Int) -> Int {
        let entries = entries(in: directory)
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > limit else { return 0 }
        var removed = 0
        for entry in entries.sorted(by: { isEarlier($0.lastUse, $1.lastUse) }) where total > limit {
            Files.remove(entry.path)
            total -= entry.size
            removed += 1
        }
        return removed
    }

    private static func isEarlier(_ a: timespec, _ b: timespec) -> Bool {
        a.tv_sec != b.tv_sec ? a.tv_sec < b.tv_sec : a.tv_nsec < b.tv_nsec
    }
}
