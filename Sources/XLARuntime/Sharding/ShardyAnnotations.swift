import XLATypes

/// The Shardy annotations of a StableHLO program that the runtime needs
/// before the plugin sees it: the meshes (`sdy.mesh @mesh = <["data"=4]>`)
/// and, per `@main` parameter, which mesh axes split each dimension
/// (`#sdy.sharding<@mesh, [{"data"}, {}]>`).
///
/// From them it computes the shard one device holds of each parameter, so
/// that a buffer of the right element count but other dimensions (which
/// the plugins accept silently) is rejected at execute.
struct ShardyAnnotations {
    /// Mesh name to its axes' sizes by name.
    let meshes: [String: [String: Int]]
    /// The text of each `@main` parameter's attributes, in order.
    let parameterAttributes: [Substring]

    /// Reads the meshes and `@main`'s parameter attributes.
    ///
    /// - Throws: ``XLAError/invalidProgram(reason:)`` for an unreadable mesh
    ///   or signature.
    init(parsing program: String) throws {
        var meshes: [String: [String: Int]] = [:]
        var rest = Substring(program)
        while let found = rest.firstRange(of: "sdy.mesh @") {
            let line = rest[found.upperBound...].prefix(while: { $0 != "\n" })
            guard let equals = line.firstIndex(of: "="), let open = line.firstIndex(of: "["),
                  let close = line.firstIndex(of: "]") else {
                throw XLAError.invalidProgram(reason: "cannot read the mesh 'sdy.mesh @\(line)'")
            }
            let name = line[..<equals].trimmingTrailingSpaces()
            var axes: [String: Int] = [:]
            for axis in ProgramSignature.splitTopLevel(line[line.index(after: open)..<close]) {
                let parts = axis.split(separator: "=")
                guard parts.count == 2, let size = Int(parts[1].trimmingLeadingSpaces().trimmingTrailingSpaces()), size > 0 else {
                    throw XLAError.invalidProgram(reason: "cannot read the axis '\(axis)' of mesh @\(name)")
                }
                axes[ShardyAnnotations.unquoted(parts[0])] = size
            }
            meshes[String(name)] = axes
            rest = line[line.endIndex...]
        }
        self.meshes = meshes
        let text = Substring(program)
        guard let main = text.firstRange(of: "@main(") else {
            throw XLAError.invalidProgram(reason: "the program has no `func.func public @main(...)`")
        }
        let open = text.index(before: main.upperBound)
        let close = try ProgramSignature.matchingClose(in: text, from: open)
        parameterAttributes = try ProgramSignature.splitTopLevel(text[text.index(after: open)..<close]).enumerated().map { index, argument in
            guard let colon = argument.firstIndex(of: ":") else {
                throw XLAError.invalidProgram(reason: "cannot read parameter \(index) of @main: '\(argument)'")
            }
            return try ProgramSignature.typeAndAttributes(argument[argument.index(after: colon)...], what: "parameter \(index)").attributes
        }
    }

    /// The parameter types one device holds: each dimension divided by the
    /// product of the mesh axes that shard it; a parameter without
    /// `sdy.sharding` is replicated.
    ///
    /// - Throws: ``XLAError/invalidProgram(reason:)`` for a sharding that
    ///   names an unknown mesh or axis, has the wrong number of dimensions,
    ///   splits a dimension unevenly (Shardy then shards it over fewer
    ///   devices than named, and one plugin aborts on the shard a caller
    ///   would expect; pad it to a multiple first, as `ShardedTensor` does),
    ///   or is in the GSPMD form (`mhlo.sharding`) the runtime cannot read.
    func parameterShards(_ signature: ProgramSignature) throws -> [TensorType] {
        try zip(signature.parameters, parameterAttributes).enumerated().map { index, pair in
            let (type, attributes) = pair
            if let gspmd = attributes.firstRange(of: "mhlo.sharding"),
               !attributes[gspmd.upperBound...].trimmingLeadingSpaces().hasPrefix("= \"{replicated}\"") {
                throw XLAError.invalidProgram(reason:
                    "parameter \(index) of @main is sharded with mhlo.sharding; a partitioned program must use sdy.sharding so that each device's shard can be checked")
            }
            guard let start = attributes.firstRange(of: "#sdy.sharding<") else { return type }
            let sharding = attributes[start.upperBound...]
            guard sharding.hasPrefix("@"), let comma = sharding.firstIndex(of: ","),
                  let axes = meshes[String(sharding[sharding.index(after: sharding.startIndex)..<comma])],
                  let open = sharding[comma...].firstIndex(of: "[") else {
                throw XLAError.invalidProgram(reason: "parameter \(index) of @main has a sharding on no declared sdy.mesh: '\(sharding.prefix(60))'")
            }
            let close = try ProgramSignature.matchingClose(in: sharding, from: open)
            let dimensions = ProgramSignature.splitTopLevel(sharding[sharding.index(after: open)..<close])
            guard dimensions.count == type.shape.count else {
                throw XLAError.invalidProgram(reason: "parameter \(index) of @main is \(type) but its sharding lists \(dimensions.count) dimensions")
            }
            let shape = try zip(type.shape, dimensions).map { size, dimension in
                var ways = 1
                for name in dimension.split(separator: ",") {
                    let axis = ShardyAnnotations.unquoted(name)
                    if axis.isEmpty || axis == "?" { continue }
                    guard let axisSize = axes[axis] else {
                        throw XLAError.invalidProgram(reason: "parameter \(index) of @main is sharded over '\(axis)', an axis its mesh does not have")
                    }
                    let (product, overflow) = ways.multipliedReportingOverflow(by: axisSize)
                    guard !overflow else {
                        throw XLAError.invalidProgram(reason: "parameter \(index) of @main is split more ways than can be counted")
                    }
                    ways = product
                }
                guard size % ways == 0 else {
                    throw XLAError.invalidProgram(reason:
                        "parameter \(index) of @main is \(type), whose dimension of size \(size) cannot be split evenly \(ways) ways; pad it to a multiple of \(ways)")
                }
                return size / ways
            }
            return TensorType(type.elementType, shape)
        }
    }

    /// A name without its quotes, braces and spaces: `{"data"` → `data`.
    private static func unquoted(_ text: Substring) -> String {
        String(text.filter { !"\"{} ".contains($0) })
    }
}
