import Glibc

/// Graphviz's `dot` program, found on `PATH` (Debian's `graphviz`
/// package), which renders DOT text to an image.
struct GraphvizDot {
    /// The program's path.
    let path: String

    /// `dot` from the first `PATH` directory that has it as an executable.
    ///
    /// - Throws: ``GraphvizError`` when no directory has it.
    static func find() throws -> GraphvizDot {
        let directories = (getenv("PATH").map { String(cString: $0) } ?? "").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/dot"
            if access(candidate, X_OK) == 0 { return GraphvizDot(path: candidate) }
        }
        throw GraphvizError(message: "Graphviz's `dot` is not on PATH, so the graph cannot be rendered to SVG. "
                                     + "Install it (Debian/Ubuntu: apt-get install graphviz), or leave out --svg "
                                     + "to print the DOT text and render it elsewhere.")
    }

    /// Runs `dot -Tsvg -o output` with `text` on its standard input.
    ///
    /// - Throws: ``GraphvizError`` when it cannot start or fails.
    func renderSVG(_ text: String, to output: String) throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw GraphvizError(message: "could not make a pipe to \(path): errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addclose(&actions, ends[1])
        var arguments: [UnsafeMutablePointer<CChar>?] = [path, "-Tsvg", "-o", output].map { (text: String) in strdup(text) }
        arguments.append(nil)
        defer { arguments.forEach { free($0) } }
        var child = pid_t()
        let started = posix_spawn(&child, path, &actions, nil, arguments, environ)
        close(ends[0])
        guard started == 0 else {
            close(ends[1])
            throw GraphvizError(message: "could not run \(path): \(String(cString: strerror(started)))")
        }
        // A `dot` that exits early must fail this write, not end hkc.
        signal(SIGPIPE, SIG_IGN)
        let written = Array(text.utf8).withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(ends[1], bytes.baseAddress! + offset, bytes.count - offset)
                if count <= 0 { break }
                offset += count
            }
            return offset == bytes.count
        }
        close(ends[1])
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard written, exited, code == 0 else {
            throw GraphvizError(message: exited ? "\(path) failed (exit status \(code)) writing \(output)"
                                                : "\(path) was ended by signal \(status & 0x7f) writing \(output)")
        }
    }
}

/// Rendering with Graphviz failed: `dot` is missing or it failed.
struct GraphvizError: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    let message: String

    var description: String { message }
}
