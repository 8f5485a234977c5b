import XLAIR

/// Where a traced instruction's time is charged in `hkc profile`: its
/// module path (its name scope without the transformations around it) and
/// whether it belongs to the backward pass (`transpose(jvp(...))`).
struct ProfiledScope: Hashable {
    /// The module path (`mlp/~/linear_0`), or `(outside modules)`.
    let path: String
    /// Whether the instruction is in a backward pass.
    let isBackward: Bool

    /// The scope `instruction` was traced or transformed in.
    init(_ instruction: Instruction) {
        let (scope, transformations) = instruction.nameScope.map(NameScopeTransformation.unwrap) ?? (nil, [])
        path = scope ?? "(outside modules)"
        isBackward = transformations.contains("transpose")
    }

    /// The row's name: the path, with ` (backward)` for a backward pass.
    var name: String { isBackward ? "\(path) (backward)" : path }
}
