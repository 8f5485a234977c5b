#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What kind of file a path names, for refusing anything but regular files.
enum FileKind {
    /// The user-facing name of the kind in `mode` (`st_mode`), or nil for a regular file.
    static func irregularName(_ mode: mode_t) -> String? {
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

    /// Throws ``CheckpointError/notRegularFile(file:kind:)`` unless `status`
    /// describes a regular file.
    static func requireRegular(_ status: stat, path: String) throws(CheckpointError) {
        if let kind = irregularName(status.st_mode) { throw .notRegularFile(file: path, kind: kind) }
    }

    /// Refuses a save destination that exists and is not a regular file
    /// (a symbolic link included: replacing it would silently leave its
    /// target alone, and the link would no longer be a link). A missing
    /// destination is fine.
    static func checkSaveDestination(_ path: String) throws(CheckpointError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw FileIO.failure(path, "inspect")
        }
        try requireRegular(status, path: path)
    }
}
