import Glibc

/// Starts the processes of a ``ProcessGroup`` on this machine: copies of
/// this executable, each told its rank, the size and process 0's loopback
/// address through the environment (``ProcessGroup/fromEnvironment()``).
public enum ProcessLauncher {
    /// Runs `count` copies of this executable with `arguments` (without
    /// the program name) and waits for them all. Process 0 writes to this
    /// process's standard output; the others' goes to `/dev/null`; all keep
    /// standard error. When one fails, the others are stopped (`SIGTERM`).
    /// They inherit this process's environment, ``ProcessGroup/timeoutVariable`` included.
    ///
    /// - Throws: ``DistributedError/processFailed(rank:status:)`` naming the
    ///   first process that failed; ``DistributedError.system(call:reason:)``
    ///   when no port or process could be had.
    public static func run(count: Int, arguments: [String]) throws {
        guard count >= 1, count <= 1024 else { throw DistributedError.invalidGroup("\(count) processes is not in 1...1024") }
        let coordinator = try Address.freePort()
        let executable = try currentExecutable()
        var running = [pid_t: Int]()
        for rank in 0 ..< count {
            let variables = [ProcessGroup.rankVariable: "\(rank)", ProcessGroup.sizeVariable: "\(count)",
                             ProcessGroup.coordinatorVariable: coordinator.description]
            do {
                running[try spawn(executable, arguments, adding: variables, quiet: rank != 0)] = rank
            } catch {
                stop(running.keys)
                throw error
            }
        }
        var failure: DistributedError?
        while !running.isEmpty {
            var status: Int32 = 0
            let ended = waitpid(-1, &status, 0)
            if ended < 0 {
                if errno == EINTR { continue }
                break
            }
            guard let rank = running.removeValue(forKey: ended) else { continue }
            if status != 0 && failure == nil {
                failure = .processFailed(rank: rank, status: describe(status))
                stop(running.keys)
            }
        }
        if let failure { throw failure }
    }

    /// Sends `SIGTERM` to each of `processes`.
    private static func stop(_ processes: Dictionary<pid_t, Int>.Keys) {
        for process in processes { kill(process, SIGTERM) }
    }

    /// A wait status in words: the exit status or the signal.
    private static func describe(_ status: Int32) -> String {
        status & 0x7F == 0 ? "exit status \((status >> 8) & 0xFF)" : "ended by signal \(status & 0x7F)"
    }

    /// The path of the running executable.
    private static func currentExecutable() throws -> String {
        var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { throw systemError("readlink /proc/self/exe") }
        return String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts `executable` with `arguments` and this process's environment
    /// with `variables` set; `quiet`: its standard output goes to `/dev/null`.
    private static func spawn(_ executable: String, _ arguments: [String], adding variables: [String: String], quiet: Bool) throws -> pid_t {
        var environment = [String]()
        var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let pointer = entry?.pointee {
            let text = String(cString: pointer)
            if !variables.keys.contains(where: { text.hasPrefix($0 + "=") }) { environment.append(text) }
            entry = entry?.advanced(by: 1)
        }
        environment += variables.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet { posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0) }
        var process = pid_t()
        let result = posix_spawn(&process, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw DistributedError.system(call: "posix_spawn \(executable)", reason: String(cString: strerror(result))) }
        return process
    }
}
