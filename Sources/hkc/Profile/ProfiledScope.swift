import XLAIR

/// Where a traced instruction's time is charged in `hkc profile`: its
/// module path (its name scope without the transformations around it) and
/// whether it belongs to the backward pass (`transpose(jvp(...))`).
struct ProfiledScope: Hashable {
    /// The module path (`mlp/~/linear_0`), or `(outside modules)`.
    let path: String
    /// Whether the instruction is in a backward pass.
    let isBackward: Bool

    /// The scope `instruction` was traced or transformed in; a loop or
    /// branch made outside any module (`scan` called by `dynamicUnroll`)
    /// is charged to the module of the first op in its regions that has one.
    init(_ instruction: Instruction) {
        let (scope, transformations) = Self.unwrap(instruction)
        let inner = scope == nil ? Self.firstModuleScope(in: instruction.regions) : nil
        path = scope ?? inner?.scope ?? "(outside modules)"
        isBackward = (transformations + (inner?.transformations ?? [])).contains("transpose")
    }

    /// The row's name: the path, with ` (backward)` for a backward pass.
    var name: String { isBackward ? "\(path) (backward)" : path }

    private static func unwrap(_ instruction: Instruction) -> (scope: String?, transformations: [String]) {
        instruction.nameScope.map(NameScopeTransformation.unwrap) ?? (nil, [])
    }

    /// The unwrapped scope of the first instruction in `regions` (nested
    /// ones too) that is in a module.
    private static func firstModuleScope(in regions: [Region]) -> (scope: String, transformations: [String])? {
        for instruction in regions.flatMap(\.instructions) {
            let (scope, transformations) = unwrap(instruction)
            if let scope { return (scope, transformations) }
            if let inner = firstModuleScope(in: instruction.regions) { return inner }
        }
        return nil
    }
}
