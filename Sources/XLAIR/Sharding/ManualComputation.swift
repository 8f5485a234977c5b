/// A program whose `main` is per-device code (JAX's `shard_map`): written
/// under the name ``bodyName`` on each device's shard types, and called
/// from a public `main` on global types through Shardy's
/// `sdy.manual_computation`, which hands each device its shard of every
/// argument and assembles the results from the devices' pieces.
public struct ManualComputation: Sendable, Hashable {
    /// The name the per-device `main` is written under.
    public static let bodyName = "main_per_device"

    /// The global types of the arguments.
    public var parameterTypes: [TensorType]
    /// The global types of the results.
    public var resultTypes: [TensorType]
    /// Each argument's Shardy sharding without its `#sdy.sharding` prefix,
    /// `<@mesh, [{"data"}, {}]>`.
    public var inShardings: [String]
    /// Each result's Shardy sharding, written as ``inShardings``.
    public var outShardings: [String]
    /// The mesh axes the body handles itself (every axis of the mesh).
    public var manualAxes: [String]

    /// A manual computation over these global types, shardings and axes.
    public init(parameterTypes: [TensorType], resultTypes: [TensorType], inShardings: [String], outShardings: [String],
                manualAxes: [String]) {
        self.parameterTypes = parameterTypes
        self.resultTypes = resultTypes
        self.inShardings = inShardings
        self.outShardings = outShardings
        self.manualAxes = manualAxes
    }

    /// The public `main` that runs `body` (the per-device function) on
    /// every device, with `annotations` on its parameters and results.
    func main(calling body: Function, annotations: MainAnnotations) -> String {
        let parameters = parameterTypes.enumerated().map { index, type in
            "%arg\(index): \(type)" + (annotations.parameters[index].map { " {\($0)}" } ?? "")
        }
        let results = resultTypes.enumerated().map { index, type in
            type.description + (annotations.results[index].map { " {\($0)}" } ?? "")
        }
        let local = body.type.parameters
        let localResults = body.type.results
        let call = Self.results("%c", count: localResults.count)
        let outer = Self.results("%r", count: resultTypes.count)
        var text = "  func.func public @main(\(parameters.joined(separator: ", "))) -> (\(results.joined(separator: ", "))) {\n"
        text += "    \(outer.binding)sdy.manual_computation(" + parameterTypes.indices.map { "%arg\($0)" }.joined(separator: ", ")
            + ") in_shardings=[\(inShardings.joined(separator: ", "))] out_shardings=[\(outShardings.joined(separator: ", "))]"
            + " manual_axes={" + manualAxes.map { "\"\($0)\"" }.joined(separator: ", ") + "} ("
            + local.enumerated().map { "%l\($0): \($1)" }.joined(separator: ", ") + ") {\n"
        text += "      \(call.binding)func.call @\(Self.bodyName)(" + local.indices.map { "%l\($0)" }.joined(separator: ", ")
            + ") : (" + local.map(\.description).joined(separator: ", ") + ") -> ("
            + localResults.map(\.description).joined(separator: ", ") + ")\n"
        text += "      sdy.return" + Self.returned(call.names, localResults) + "\n"
        text += "    } : (" + parameterTypes.map(\.description).joined(separator: ", ") + ") -> ("
            + resultTypes.map(\.description).joined(separator: ", ") + ")\n"
        text += "    func.return" + Self.returned(outer.names, resultTypes) + "\n  }\n"
        return text
    }

    /// How `count` results of one op named from `base` are bound (`%r = `,
    /// `%r:2 = ` or nothing) and referred to (`%r`, `%r#0`, ...).
    private static func results(_ base: String, count: Int) -> (binding: String, names: [String]) {
        switch count {
        case 0: ("", [])
        case 1: ("\(base) = ", [base])
        default: ("\(base):\(count) = ", (0..<count).map { "\(base)#\($0)" })
        }
    }

    /// ` %a, %b : tensor<...>, tensor<...>`, or nothing for no values.
    private static func returned(_ names: [String], _ types: [TensorType]) -> String {
        names.isEmpty ? "" : " " + names.joined(separator: ", ") + " : " + types.map(\.description).joined(separator: ", ")
    }
}
