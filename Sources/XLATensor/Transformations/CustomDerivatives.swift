import Synchronization
import XLAIR

/// A function with a hand-written reverse-mode derivative (`jax.custom_vjp`).
///
/// `forward` computes the output and the residuals the derivative needs;
/// `backward` maps the residuals and the output's cotangent to the input's
/// cotangent. Differentiation uses `backward` instead of looking inside
/// `forward`.
///
/// ```swift
/// // A clipped gradient for log.
/// let safeLog = customVJP(forward: { (x: Tensor) in (log(x), x) },
///                         backward: { x, cotangent in cotangent / maximum(x, 1e-6) })
/// ```
public func customVJP<Input: TensorTree, Output: TensorTree, Residuals: TensorTree>(
    forward: @escaping (Input) -> (Output, Residuals), backward: @escaping (Residuals, Output) -> Input,
    file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    let place = location(file, line)
    return { input in attachingDerivative(backward, to: forward(input), of: input, place: place) }
}

/// `customVJP` of closures that throw: an error `forward` throws comes out of the
/// returned function, and one `backward` throws comes out of the
/// differentiation that runs it (`grad`, `vjp`'s pullback, `jvp`), with
/// its type.
///
/// ```swift
/// let checkedLog = customVJP(forward: { (x: Tensor) throws(Refusal) in (try positiveLog(x), x) },
///                            backward: { x, cotangent throws(Refusal) in cotangent / x })
/// let g = try grad { (x: Tensor) in try checkedLog(x).sum() }(x)
/// ```
public func customVJP<Input: TensorTree, Output: TensorTree, Residuals: TensorTree, Failure: Error>(
    forward: @escaping (Input) throws(Failure) -> (Output, Residuals),
    backward: @escaping (Residuals, Output) throws(Failure) -> Input,
    file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    let place = location(file, line)
    return { input throws(Failure) in attachingDerivative(backward, to: try forward(input), of: input, place: place) }
}

/// `forwardResult`'s output, whose derivative with respect to `input` is
/// `backward` of the residuals: one custom-gradient op per call.
private func attachingDerivative<Input: TensorTree, Output: TensorTree, Residuals: TensorTree, Failure: Error>(
    _ backward: @escaping (Residuals, Output) throws(Failure) -> Input, to forwardResult: (Output, Residuals),
    of input: Input, place: String?
) -> Output {
    let (output, residuals) = forwardResult
    let operands = input.leaves + residuals.leaves + output.leaves
    if let error = operands.lazy.compactMap(\.error).first {
        return output.mapTensors { .poisoned(error, type: $0.type) }
    }
    let (inputCount, residualCount) = (input.leaves.count, residuals.leaves.count)
    let origin = TracingContext.current
    let rule: (GradientEmitter) throws -> [Value?] = { e in
        guard let trace = TracingContext.current, trace.builder === e.builder else {
            throw IRError.notDifferentiable(op: "a custom derivative used outside the trace that made it", location: place)
        }
        let residualValues = Array(e.operands[inputCount..<(inputCount + residualCount)])
        let cotangents = try e.cotangents.enumerated().map { index, cotangent in
            try cotangent ?? e.zeros(e.results[index].type)
        }
        // Tensors `backward` captured from the recording trace map to their copies here.
        let inlining = origin.map { TracingContext.Inlining(target: trace, source: $0, values: e.substitutions) }
        let inputCotangent: Input
        do {
            inputCotangent = try TracingContext.$inlining.withValue(inlining) {
                try backward(trace.tree(residuals, values: residualValues), trace.tree(output, values: cotangents))
            }
        } catch {
            throw DeferredUserError(error)
        }
        if let error = trace.firstError { throw error }
        let values = try trace.values(of: inputCotangent, location: place)
        return values.map { Optional($0) } + Array(repeating: nil, count: residualCount + output.leaves.count)
    }
    // The rule runs on the thread that differentiates this trace.
    let box = UncheckedBox(rule)
    let op = Op(CustomGradient(name: "custom_gradient_\(CustomGradientNames.next())", resultCount: output.leaves.count,
                               rule: { try box.value($0) }))
    let results = Tensor.apply(op, operands, location: place, fallback: output.leaves.map(\.type))
    let templates = output.leaves
    return output.replacingLeaves(with: zip(results, templates).map { $0.weak($1.isWeak) })
}

/// Numbers custom-gradient ops so that each in a program has its own name:
/// from 1 in each `jit` trace, so that tracing a function again gives the
/// same program (and StableHLO) text, which the compile caches key on;
/// process-wide outside one (eager differentiation).
enum CustomGradientNames {
    /// One trace's numbering.
    final class Numbering: Sendable {
        let last = Mutex(0)
    }

    private static let processWide = Numbering()
    @TaskLocal private static var current: Numbering?

    static func next() -> Int { (current ?? processWide).last.withLock { $0 += 1; return $0 } }

    /// Runs `body` (a `jit` trace) numbering from 1, unless an enclosing
    /// trace numbers already (a `jit` traced inside another shares its
    /// program's numbers).
    static func numbering<Result>(_ body: () throws -> Result) rethrows -> Result {
        if current != nil { return try body() }
        return try $current.withValue(Numbering(), operation: body)
    }
}

/// A value moved across a `Sendable` boundary by promise.
struct UncheckedBox<Wrapped>: @unchecked Sendable {
    let value: Wrapped
    init(_ value: Wrapped) { self.value = value }
}

/// A function with a hand-written forward-mode derivative (`jax.custom_jvp`):
/// `derivative(x, t)` returns the output's tangent for the input tangent `t`
/// and must be linear in `t`.
///
/// Reverse mode transposes it (the cotangent of `x` is the pullback of
/// `t ↦ derivative(x, t)`), so `grad`, `vjp` and `jvp` all use it.
public func customJVP<Input: TensorTree, Output: TensorTree>(
    _ function: @escaping (Input) -> Output, derivative: @escaping (Input, Input) -> Output,
    file: String = #fileID, line: Int = #line
) -> (Input) -> Output {
    let place = location(file, line)
    return customVJP(forward: { (input: Input) in (function(input), input) }, backward: { input, cotangent in
        transposing(derivative, at: input, outputCotangent: cotangent, place: place)
    }, file: file, line: line)
}

/// `customJVP` of closures that throw: an error `function` throws comes out of the
/// returned function, and one `derivative` throws comes out of the
/// differentiation that runs it, with its type.
public func customJVP<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ function: @escaping (Input) throws(Failure) -> Output,
    derivative: @escaping (Input, Input) throws(Failure) -> Output,
    file: String = #fileID, line: Int = #line
) -> (Input) throws(Failure) -> Output {
    let place = location(file, line)
    return customVJP(forward: { (input: Input) throws(Failure) in (try function(input), input) },
                     backward: { (input: Input, cotangent: Output) throws(Failure) in
        try transposing(derivative, at: input, outputCotangent: cotangent, place: place)
    }, file: file, line: line)
}

/// The cotangent of the tangent `t` of `t ↦ derivative(input, t)` (linear
/// in `t`) for `outputCotangent`: a forward-mode rule used in reverse mode.
private func transposing<Input: TensorTree, Output: TensorTree, Failure: Error>(
    _ derivative: @escaping (Input, Input) throws(Failure) -> Output, at input: Input, outputCotangent: Output,
    place: String?
) throws(Failure) -> Input {
    let zeros = input.mapTensors { Tensor.zeros($0.shape, dtype: $0.dtype) }
    return try cotangent(of: { (tangent: Input) throws(Failure) in try derivative(input, tangent) }, at: zeros,
                         for: outputCotangent, location: place)
}
