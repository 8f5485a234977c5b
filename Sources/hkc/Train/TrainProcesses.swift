import ArgumentParser
import Distributed

/// `hkc train --processes N`: the launcher (the command as typed) starts N
/// copies of itself, which join one ``ProcessGroup`` over loopback.
extension TrainCommand {
    /// `--processes`: 1 to 64, for the MLP or the CNN on images, dividing `--batch`, without `--devices`.
    func validateProcesses() throws {
        try requireRange(processes, 1...64, "processes")
        guard processes > 1 else { return }
        guard dataset != .shakespeare, (model ?? .mlp).classifier != nil else {
            throw ValidationError("--processes is for mnist and fashion-mnist with --model mlp or cnn")
        }
        guard devices == 1 else { throw ValidationError("--processes and --devices cannot be combined") }
        guard batchSize % processes == 0 else {
            throw ValidationError("--batch \(batchSize) does not split evenly over --processes \(processes)")
        }
    }

    /// Starts the `--processes` copies of this command and waits for them;
    /// a failed one is reported by rank and the others are stopped.
    func launchProcesses() throws {
        try ProcessLauncher.run(count: processes, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// The group this process belongs to when a launcher started it, nil
    /// for a run of one process.
    ///
    /// - Throws: a usage error when the group was started with another
    ///   `--processes`; the group's errors (a peer that never joins).
    func joinProcessGroup() throws -> ProcessGroup? {
        guard processes > 1 || ProcessGroup.isLaunched else { return nil }
        guard let group = try ProcessGroup.fromEnvironment(), group.size == processes else {
            throw ValidationError("this process was launched as one of a group of another size than --processes \(processes)")
        }
        return group
    }
}
