import XLAIR

/// Einstein summation (`jnp.einsum`): `subscripts` name each operand's
/// dimensions with letters; labels shared by operands are multiplied
/// together, labels missing from the output are summed.
///
/// - Explicit output, `"ij,jk->ik"`, or implicit, `"ij,jk"`: the labels that
///   appear exactly once, in alphabetical order.
/// - A label repeated within one operand takes its diagonal (`"ii->i"`),
///   or its trace when it is summed (`"ii"`).
/// - `...` stands for leading dimensions that broadcast as in NumPy, and a
///   dimension of size 1 broadcasts against the same label in another
///   operand.
/// - Operands are promoted to one dtype, as JAX does.
///
/// Lowered as JAX lowers it: each contraction is one `dot_general` (shared
/// labels as batch dimensions, summed ones as contracting dimensions) after
/// sums of the labels only one operand has and of diagonals, then a
/// transpose into the output's order. The pairs are contracted in the order
/// JAX's default `optimize='auto'` takes from opt_einsum (its `optimal`
/// search) for up to four operands, so results equal JAX's bit for bit;
/// more operands are contracted left to right (the first two, then their
/// result with each next operand), where opt_einsum would search
/// heuristically (the same value, rounded differently).
///
/// ```swift
/// let a = Tensor([[1.0, 2], [3, 4]]), b = Tensor([[5.0, 6], [7, 8]])
/// einsum("ij,jk->ik", a, b)       // matmul(a, b)
/// einsum("ii", a)                 // trace: 5
/// einsum("ij->ji", a)             // transpose
/// einsum("...ij,...jk", a, b)     // batched matmul
/// ```
///
/// Subscripts that do not parse (an unknown character, a misplaced `->`
/// or `.`), that name the wrong number of operands or dimensions, or whose
/// label sizes disagree give a typed error naming the problem.
public func einsum(_ subscripts: String, _ operands: Tensor..., file: String = #fileID, line: Int = #line) -> Tensor {
    einsum(subscripts, operands, file: file, line: line)
}

/// ``einsum(_:_:file:line:)`` with the operands in an array.
public func einsum(_ subscripts: String, _ operands: [Tensor], file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let first = operands.first else {
        return .invalid("einsum", [], "it needs at least one operand", location: place, result: TensorType(.float32, []))
    }
    let promoted = TypePromotion.resultType(operands.map(\.promotionType), x64: Configuration.x64)
    let parsed: EinsumSubscripts
    do {
        parsed = try EinsumSubscripts(subscripts, shapes: operands.map(\.shape))
    } catch {
        return Tensor.invalidEinsum(error, subscripts, operands, dtype: promoted.elementType, location: place)
    }
    // Eagerly, one compiled program, as JAX jits einsum: its sums then round as they do under `jit`.
    // The subscripts name one term per operand: `inputs` is never empty.
    let (inputs, dtype) = (parsed.inputs, promoted.elementType)
    return EagerProgram.run("einsum", static: "\(inputs)->\(parsed.output)", first.converted(to: dtype),
                            operands.dropFirst().map { $0.converted(to: dtype) }) { first, others in
        EinsumContraction.run(LabeledTensor(first, inputs[0]), zip(others, inputs.dropFirst()).map(LabeledTensor.init),
                              output: parsed.output, location: place)
    }.weak(promoted.isWeak)
}

extension Tensor {
    /// The poisoned result of einsum subscripts rejected for `problem`.
    fileprivate static func invalidEinsum(_ problem: EinsumSubscripts.Problem, _ subscripts: String, _ operands: [Tensor],
                                          dtype: ElementType, location: String?) -> Tensor {
        let result = TensorType(dtype, [])
        if let error = operands.lazy.compactMap(\.error).first { return .poisoned(error, type: result) }
        let error: IRError = problem.isAboutText
            ? .invalidAttribute(op: "einsum", attribute: "subscripts \"\(subscripts)\"", reason: problem.reason, location: location)
            : .invalidOperands(op: "einsum \"\(subscripts)\"", operandTypes: operands.map(\.type), reason: problem.reason,
                               location: location)
        TracingContext.current?.fail(TensorError.invalidOperation(error))
        return .poisoned(TensorError.invalidOperation(error), type: result)
    }
}
