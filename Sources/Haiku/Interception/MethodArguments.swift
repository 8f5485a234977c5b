/// `values` (a method interceptor's arguments) with every tensor replaced
/// by `transform`'s result: a `Tensor` argument, and the tensors inside any
/// ``TensorTree`` argument (`[Tensor]`, `Params`, a core's state); other
/// arguments unchanged (`jax.tree.map(f, args)` in a Haiku interceptor).
///
/// ```swift
/// interceptMethods({ next, arguments, _ in next(mapTensors(in: arguments) { $0 * 2 }) }) { ... }
/// ```
public func mapTensors(in values: [Any], _ transform: (Tensor) throws -> Tensor) rethrows -> [Any] {
    try values.map { try mapTensors(in: $0, transform) }
}

/// `value` (one argument, or a method's result) with its tensors replaced
/// by `transform`'s result when it is a ``TensorTree``; otherwise unchanged.
public func mapTensors(in value: Any, _ transform: (Tensor) throws -> Tensor) rethrows -> Any {
    guard let tree = value as? any TensorTree else { return value }
    return try tree.mapTensors(transform)
}

/// The tensors in `values` (a method interceptor's arguments), in order:
/// each `Tensor` argument and the leaves of each ``TensorTree`` argument.
public func tensors(in values: [Any]) -> [Tensor] {
    values.flatMap { ($0 as? any TensorTree)?.leaves ?? [] }
}
