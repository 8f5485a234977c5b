/// Registers the parameters of an inner transformed function in the outer
/// one (`hk.lift`): `lift(inner, name: "inner")(rng, x)` runs
/// `inner.initialize` while the outer function initializes, stores its
/// parameters under `inner/...` in the outer parameters, and returns them;
/// while the outer function applies, it returns them from the outer
/// parameters. Use the result with `inner.apply`.
///
/// ```swift
/// let inner = transform { (x: Tensor) in MLP([300, 100])(x) }
/// let outer = transform { (x: Tensor) -> Tensor in
///     let params = try lift(inner, name: "inner")(runningInit() ? nextRNGKey() : nil, x)
///     return try inner.apply(params, x)
/// }
/// ```
public func lift<each Input: TensorTree, Output: TensorTree>(
    _ inner: Transformed<repeat each Input, Output>, name: String = "lifted", file: String = #fileID, line: Int = #line
) -> Lifted<repeat each Input, Output> {
    Lifted(inner: inner, name: name, location: location(file, line))
}

/// An inner transformed function's parameters, registered in the outer
/// one; made by ``lift(_:name:file:line:)``.
public struct Lifted<each Input: TensorTree, Output: TensorTree> {
    let inner: Transformed<repeat each Input, Output>
    let name: String
    let location: String?

    /// The inner parameters: made by `inner.initialize(rng:...)` while
    /// initializing, read from the outer parameters while applying.
    ///
    /// - Throws: ``HaikuError/outsideTransform(function:location:)`` when
    ///   called outside a transformed function (Haiku raises `ValueError`).
    public func callAsFunction(_ rng: PRNGKey?, _ inputs: repeat each Input) throws -> Params {
        guard let frame = Frame.current else { throw HaikuError.outsideTransform(function: "lift", location: location) }
        let prefix = LiftingModule(name: ModuleName(name)).moduleName
        guard frame.isInitializing else { return frame.params.strippingPrefix(prefix) }
        guard let params = frame.recordingFailure(location: location, { try inner.initialize(rng: rng, repeat each inputs) }) else {
            return [:]
        }
        for (module, values) in params { frame.params["\(prefix)/\(module)"] = values }
        return params
    }
}

/// The module a lifted function's parameters are named under.
final class LiftingModule: Module {}

extension Frame {
    /// `body`'s result, or nil after recording its error: a Haiku error as
    /// it is, another one as the lifted function's failure.
    func recordingFailure<Result>(location: String?, _ body: () throws -> Result) -> Result? {
        do {
            return try body()
        } catch let error as HaikuError {
            _ = fail(error)
        } catch {
            _ = fail(.invalidArgument("the lifted function failed: \(error)", location: location))
        }
        return nil
    }
}
