// Checks that keep inputs which abort the process inside the XLA plugin
// (measured on both CPU plugins, see Docs/Scaling.md) from reaching it.

extension CompileOptions {
    /// Checks an explicit device assignment against the client's devices:
    /// the plugins abort (a failed CHECK) on one that lists more devices
    /// than the client has, so it must hold exactly ``deviceCount``
    /// distinct ids, each of one of `devices`.
    ///
    /// - Throws: ``XLAError/invalidOptions(_:)`` naming the bad entry.
    func checkDeviceAssignment(against devices: [Device]) throws {
        guard let deviceAssignment else { return }
        guard deviceAssignment.count == deviceCount else {
            throw XLAError.invalidOptions(
                "the device assignment lists \(deviceAssignment.count) devices but \(replicas) replica\(replicas == 1 ? "" : "s") × \(partitions) partition\(partitions == 1 ? "" : "s") need \(deviceCount)")
        }
        let known = Set(devices.map(\.id))
        var seen: Set<Int> = []
        for id in deviceAssignment {
            guard known.contains(id) else {
                throw XLAError.invalidOptions(
                    "the device assignment names device \(id), which the client does not have (its devices: \(devices.map(\.id)))")
            }
            guard seen.insert(id).inserted else {
                throw XLAError.invalidOptions("the device assignment names device \(id) more than once")
            }
        }
    }

    /// Checks that a replica-mode program (``replicas`` > 1) has no
    /// `collective_permute` carrying a `channel_handle`: the plugins abort
    /// on it (`Span::at` out of range). Partition mode (SPMD) runs it.
    ///
    /// - Throws: ``XLAError/invalidProgram(reason:)``.
    func checkReplicaModePermutes(in program: String) throws {
        guard replicas > 1 else { return }
        var rest = Substring(program)
        while let found = rest.firstRange(of: "collective_permute") {
            let operation = rest[found.upperBound...]
            let end = operation.firstRange(of: "\n")?.lowerBound ?? operation.endIndex
            let attributeEnd = operation.firstRange(of: "}>")?.upperBound ?? end
            if operation[..<max(end, attributeEnd)].contains("channel_handle") {
                throw XLAError.invalidProgram(reason:
                    "a collective_permute with a channel_handle cannot run as \(replicas) replicas (XLA would abort the process); compile it as partitions (CompileOptions(partitions: \(replicas))) or drop the channel_handle")
            }
            rest = operation
        }
    }
}
