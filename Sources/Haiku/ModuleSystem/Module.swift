/// The base class of Haiku modules (`hk.Module`): a named container whose
/// methods create parameters, state and submodules under its name.
///
/// Names follow Haiku exactly: the class name in snake case unless a name is
/// given (`MyLinear1` → `my_linear1`), numbered within a scope (`linear`,
/// `linear_1`), and nested: `parent/~/child` for a child made in the
/// initializer, `parent/child` in `callAsFunction`, `parent/~method/child`
/// in another method. Every public method starts with
/// ``method(_:name:nameLike:_:)``; that is all a module author needs.
///
/// ```swift
/// final class MyLinear: Module {
///     let outputSize: Int
///     init(_ outputSize: Int, name: ModuleName = nil) {
///         self.outputSize = outputSize
///         super.init(name: name)
///     }
///     func callAsFunction(_ x: Tensor) -> Tensor {
///         method(x) { x in
///             let w = parameter("w", shape: [x.shape.last!, outputSize], init: TruncatedNormal())
///             return matmul(x, w)
///         }
///     }
/// }
/// ```
///
/// Modules are classes: one instance shares its parameters wherever it is
/// called. They can be created outside `transform`; their names are then
/// given where they are first used.
open class Module: CustomStringConvertible {
    /// The name given, if any.
    let explicitName: String?
    /// When the module was created, process-wide.
    let sequence: Int
    /// Where the module is named; nil until a module created outside any
    /// transform is first used.
    var scope: NamingScope?
    /// The full name, once given.
    var resolvedName: String?
    /// Whether a method of this module ran through its method boundary (or
    /// its initializer made a value of its own) in the current run.
    var usedItsBoundary = false

    /// Creates a module named `name`, or after its class.
    ///
    /// Subclass initializers create their submodules, then call this.
    /// An invalid name (not an identifier) is reported by `initialize`.
    public init(name: ModuleName = nil) {
        explicitName = name.value
        sequence = CreationCounter.next()
        let current = Frame.current?.scopes.last
        let children = current.map { scope in
            let claimed = scope.pending.filter { $0.sequence > name.constructionStart }
            scope.pending.removeAll { $0.sequence > name.constructionStart }
            return claimed
        } ?? DetachedModules.claim(after: name.constructionStart)
        if !children.isEmpty {
            let constructor = NamingScope(owner: self, method: "__init__")
            constructor.pending = children
            for child in children { child.scope = constructor }
        }
        scope = current
        if let current { current.pending.append(self) } else { DetachedModules.add(self) }
        Frame.current?.scopes.first?.createdInRun.append(self)
        if let explicit = explicitName, !Module.isIdentifier(explicit) {
            _ = Frame.current?.fail(.invalidModuleName(explicit, location: nil))
        }
    }

    /// The name before numbering: the explicit one or the class's in snake case.
    var baseName: String { explicitName ?? Module.snakeCase(className) }

    /// The class name the default name is made from.
    var className: String { String(String(describing: type(of: self)).prefix { $0 != "<" }) }

    /// The full name, e.g. `mlp/~/linear_0` (`module_name`).
    public var moduleName: String {
        if let resolvedName { return resolvedName }
        if scope == nil, let current = Frame.current?.scopes.last {
            DetachedModules.remove(self)
            scope = current
            current.pending.append(self)
        }
        scope?.resolve(upTo: self)
        return resolvedName ?? baseName
    }

    /// The last component of ``moduleName`` (`name`).
    public var name: String { String(moduleName.split(separator: "/").last ?? "") }

    /// The configuration given to the initializer, shown in descriptions
    /// (`MLP(output_sizes=[300, 100, 10])` in Haiku): override to list the
    /// arguments a user passed, e.g. `["outputSizes: [300, 100, 10]"]`.
    open var configuration: [String] { [] }

    /// The class and the configuration the user gave, e.g.
    /// `Linear(outputSize: 300, name: "linear_0")`.
    public var description: String {
        let named = explicitName.map { ["name: \"\($0)\""] } ?? []
        return "\(className)(\((configuration + named).joined(separator: ", ")))"
    }

    /// The parameters of this module, of the modules named under it and of
    /// the modules its methods called, by full name (`params_dict`):
    /// `["linear/w": ...]`. Only inside a transform.
    public func paramsDict() -> [String: Tensor] {
        guard let frame = Frame.current else { return [:] }
        return flatten(frame.params, frame)
    }

    /// The state of this module, of the modules named under it and of the
    /// modules its methods called, by full name (`state_dict`).
    public func stateDict() -> [String: Tensor] {
        guard let frame = Frame.current else { return [:] }
        return flatten(frame.currentState, frame)
    }

    private func flatten(_ bundles: Params, _ frame: Frame) -> [String: Tensor] {
        let prefix = moduleName
        let called = frame.calledModules[ObjectIdentifier(self)] ?? []
        var flat: [String: Tensor] = [:]
        for (module, values) in bundles where module == prefix || module.hasPrefix(prefix + "/") || called.contains(module) {
            for (name, value) in values { flat["\(module)/\(name)"] = value }
        }
        return flat
    }

    /// Haiku's class-name rule: `MyLinear1` → `my_linear1`, `Conv2D` →
    /// `conv2_d`, `HTTPServer` → `http_server`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || next?.isLowercase == true { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }

    /// Whether `name` is an identifier (`^[a-zA-Z_][a-zA-Z0-9_]*$`).
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
