#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What kind of file a path names, for refusing anything but regular files.
package enum FileKind {
    /// The user-facing name of the kind in `mode` (`st_mode`), or nil for a regular file.
    package static func irregularName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "directory"
        case S_IFIFO: "FIFO (named pipe)"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        case S_IFSOCK: "socket"
        case S_IFLNK: "symbolic link"
        default: "special file"
        }
    }

    /// Throws ``FileError/notRegularFile(path:kind:)`` unless `status`
    /// describes a regular file.
    static func requireRegular(_ status: stat, path: String) throws(FileError) {
        if let kind = irregularName(status.st_mode) { throw .notRegularFile(path: path, kind: kind) }
    }

    /// Refuses a save destination that exists and is not a regular file
    /// (a symbolic link included: replacing it would silently leave its
    /// target alone, and the link would no longer be a link). A missing
    /// destination is fine.
    static func checkSaveDestination(_ path: String) throws(FileError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw .system(path, "inspect")
        }
        try requireRegular(status, path: path)
    }
}
