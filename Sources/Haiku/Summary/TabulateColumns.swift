/// A column of ``tabulate(_:_:columns:filters:)-(Transformed<repeat each Input, Output>,_,_,_)``'s
/// table; the raw values are Haiku's column names.
public enum TabulateColumn: String, CaseIterable, Sendable {
    /// `Module`: the module and method, with the calls it runs in (`└ mlp (MLP)`).
    case module
    /// `Config`: the module's configuration (`Linear(outputSize: 300, name: "linear_0")`).
    case config
    /// `Module params`: the module's own parameters, largest first.
    case ownedParams = "owned_params"
    /// `Input`: the shapes of the tensor arguments.
    case input
    /// `Output`: the shapes of the result's tensors (`None` when it returns nothing).
    case output
    /// `Param count`: the parameter count of the module with its submodules.
    case paramsSize = "params_size"
    /// `Param bytes`: their bytes, in decimal units (`942.00 KB`).
    case paramsBytes = "params_bytes"

    /// The column's header.
    var header: String {
        switch self {
        case .module: "Module"
        case .config: "Config"
        case .ownedParams: "Module params"
        case .input: "Input"
        case .output: "Output"
        case .paramsSize: "Param count"
        case .paramsBytes: "Param bytes"
        }
    }

    /// Whether the column's cells are right-aligned (the numbers).
    var isRightAligned: Bool { self == .paramsSize || self == .paramsBytes }

    /// The cell of `call`'s row.
    func cell(_ call: MethodInvocation) -> String {
        switch self {
        case .module:
            call.callStack.map { "\($0.module.moduleName) (\($0.module.className)\($0.methodName == "__call__" ? "" : ".\($0.methodName)"))" }
                .joined(separator: "\n └ ")
        case .config:
            call.module.description
        case .ownedParams:
            ownedParameters(of: call).map { "\($0.name): \($0.spec)" }.joined(separator: "\n")
        case .input:
            call.arguments.map(\.description).joined(separator: ", ")
        case .output:
            call.output.map { $0.map(\.description).joined(separator: ", ") } ?? "None"
        case .paramsSize:
            groupedThousands(call.params.values.reduce(0) { $0 + $1.size })
        case .paramsBytes:
            formatBytes(call.params.values.reduce(0) { $0 + $1.size * $1.dtype.byteCount })
        }
    }

    /// The parameters the call's module owns (not its submodules'), by
    /// short name, largest first, then by name.
    private func ownedParameters(of call: MethodInvocation) -> [(name: String, spec: ArraySpec)] {
        call.params.compactMap { name, spec -> (name: String, spec: ArraySpec)? in
            guard let slash = name.lastIndex(of: "/"), name[..<slash] == call.module.moduleName else { return nil }
            return (String(name[name.index(after: slash)...]), spec)
        }.sorted { ($0.spec.size, $1.name) > ($1.spec.size, $0.name) }
    }
}

/// Which module method calls ``tabulate(_:_:columns:filters:)-(Transformed<repeat each Input, Output>,_,_,_)``
/// lists; the raw values are Haiku's filter names.
public enum TabulateFilter: String, CaseIterable, Sendable {
    /// Only calls that return something.
    case hasOutput = "has_output"
    /// Only calls of modules that have parameters (their own or their submodules').
    case hasParams = "has_params"

    /// Whether the filter keeps `call`.
    func keeps(_ call: MethodInvocation) -> Bool {
        switch self {
        case .hasOutput: call.output != nil
        case .hasParams: !call.params.isEmpty
        }
    }
}
