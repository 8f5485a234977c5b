import Testing
import XLAIR

/// Transformations wrap a name scope's first component as JAX's name stack
/// does (jax 0.11.2 writes `transpose(jvp(mlp))/linear_0/dot_general` for
/// the backward pass of `grad`, `vmap(mlp)/...` under `vmap`, and
/// `transpose(jvp())/...` outside any scope; see
/// Scripts/fixtures/transformed_locations.py), and ``NameScopeTransformation/unwrap(_:)``
/// undoes it.
@Suite struct NameScopeTransformationTests {
    @Test(arguments: [
        ("mlp/~/linear_0", ["jvp", "transpose"], "transpose(jvp(mlp))/~/linear_0"),
        ("mlp", ["jvp"], "jvp(mlp)"),
        (nil, ["jvp", "transpose"], "transpose(jvp())"),
        ("a/b", ["vmap"], "vmap(a)/b"),
    ] as [(String?, [String], String)])
    func wrapsTheFirstComponentAndUnwraps(scope: String?, transformations: [String], spelled: String) {
        #expect(NameScopeTransformation.wrap(scope, in: transformations) == spelled)
        let unwrapped = NameScopeTransformation.unwrap(spelled)
        #expect(unwrapped.scope == scope && unwrapped.transformations == transformations)
    }

    @Test func noTransformationLeavesTheScope() {
        #expect(NameScopeTransformation.wrap("mlp/~/linear_0", in: []) == "mlp/~/linear_0")
        #expect(NameScopeTransformation.wrap(nil, in: []) == nil)
        // Parentheses that are not a transformation's stay part of the name.
        let unwrapped = NameScopeTransformation.unwrap("f(x)/y")
        #expect(unwrapped.scope == "f(x)/y" && unwrapped.transformations.isEmpty)
    }

    /// Ops a rule appends take the original instruction's scope, wrapped in
    /// the transformations under way; explicit scopes are wrapped too.
    @Test func builderRecordsTransformedScopes() throws {
        let builder = FunctionBuilder()
        let x = builder.parameter(TensorType(.float32, [2]))
        let (inner, outer) = try builder.transformingNameScopes(by: "vmap") {
            try builder.withNameScope("mlp/~/linear_0") {
                (try builder.apply(.exp, x), try builder.append(.tanh, [x], nameScope: "other")[0])
            }
        }
        let plain = try builder.apply(.neg, x)
        let scopes = builder.instructions.map(\.nameScope)
        #expect(scopes == ["vmap(mlp)/~/linear_0", "vmap(other)", nil], "\(inner) \(outer) \(plain)")
    }
}
