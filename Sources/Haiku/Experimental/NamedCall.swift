/// `function` with every op it traces named under `name`
/// (`hk.experimental.named_call`): the StableHLO location of each op reads
/// `loc("name/op")`, or `loc("module path/name/op")` inside a module's
/// method, so XLA's HLO metadata, dumps and profiles show the call.
///
/// Modules need no wrapping: ops traced in a module's method are named
/// after its path (`mlp/~/linear_0/dot_general`) already.
///
/// ```swift
/// let encode = namedCall({ (x: Tensor) in tanh(x) }, name: "encoder")
/// ```
public func namedCall<Input, Output>(
    _ function: @escaping (Input) throws -> Output, name: String
) -> (Input) throws -> Output {
    { input in try namedScope(name) { try function(input) } }
}
