/// Name scopes of the instructions a transformation emits (see
/// ``NameScopeTransformation``): the forward pass of `grad` under `jvp`,
/// its backward pass under `transpose(jvp(...))`, `vmap`'s batched ops
/// under `vmap`.
extension FunctionBuilder {
    /// Runs `body` with `scope` recorded for every instruction appended
    /// without a name scope of its own: a transformation's rule emitting
    /// the ops that stand for one original instruction gives them that
    /// instruction's scope.
    public func withNameScope<Result>(_ scope: String?, _ body: () throws -> Result) rethrows -> Result {
        let outer = defaultNameScope
        defaultNameScope = scope
        defer { defaultNameScope = outer }
        return try body()
    }

    /// Runs `body` with the scope of every instruction it appends wrapped
    /// in `transformation` (`jvp`, `transpose`, `vmap`), inside the
    /// transformations already under way.
    public func transformingNameScopes<Result>(by transformation: String, _ body: () throws -> Result) rethrows -> Result {
        nameScopeTransformations.append(transformation)
        defer { nameScopeTransformations.removeLast() }
        return try body()
    }

    /// Runs `body` with `transformations` (in the order they began) wrapping
    /// the scope of every instruction it appends, in place of those under way.
    public func withNameScopeTransformations<Result>(_ transformations: [String], _ body: () throws -> Result) rethrows
        -> Result {
        let outer = nameScopeTransformations
        nameScopeTransformations = transformations
        defer { nameScopeTransformations = outer }
        return try body()
    }

    /// `scope` wrapped in the transformations under way: unchanged
    /// outside any.
    func transformedNameScope(_ scope: String?) -> String? {
        NameScopeTransformation.wrap(scope, in: nameScopeTransformations)
    }
}
