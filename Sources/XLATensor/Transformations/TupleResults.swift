/// `jit` for a function with several results, returned as a Swift tuple:
///
/// ```swift
/// let step = jit { (params: [String: Tensor], x: Tensor) in
///     let loss = (params["w"]! * x).sum()
///     return (params.mapValues { $0 - 0.1 }, loss)
/// }
/// let (params, loss) = try step(params, x)
/// ```
///
/// Each result is a tree (``TensorTree``); a function with one result uses
/// ``jit(donating:bucketing:file:line:_:)``. Compiled, cached, donated and bucketed as that one is.
public func jit<each Argument: TensorTree, each Result: TensorTree>(
    donating: Set<Int> = [], bucketing: Bucketing? = nil, file: String = #fileID, line: Int = #line,
    _ function: @escaping (repeat each Argument) throws -> (repeat each Result)
) -> JITFunction<repeat each Argument, TupleTree<repeat each Result>> {
    JITFunction(function: packingResults(function), donated: donating, bucketing: bucketing, location: location(file, line))
}

/// `function` with its tuple of results packed as one tree.
package func packingResults<each Argument, each Result: TensorTree>(
    _ function: @escaping (repeat each Argument) throws -> (repeat each Result)
) -> (repeat each Argument) throws -> TupleTree<repeat each Result> {
    { (arguments: repeat each Argument) in
        let results = try function(repeat each arguments)
        return TupleTree(repeat each results)
    }
}

extension JITFunction {
    /// Runs a function made by the tuple-result `jit` and returns its
    /// results as a tuple (as ``callAsFunction(_:)`` runs any other). Bind
    /// them to a tuple (`let (params, loss) = try step(params, x)`, or an
    /// annotated name): a bare `let result = try step(params, x)` gets the
    /// packed ``TupleTree``, whose `elements` are the tuple.
    public func callAsFunction<each Element>(
        _ arguments: repeat each Argument
    ) throws -> (repeat each Element) where Result == TupleTree<repeat each Element> {
        let packed: Result = try callAsFunction(repeat each arguments)
        return packed.elements
    }
}

/// `scan` whose per-step outputs are a Swift tuple of trees, each stacked:
///
/// ```swift
/// let (total, (sums, squares)) = scan(Tensor(0.0), xs) { total, x in (total + x, (total + x, x * x)) }
/// ```
///
/// Behaves as ``scan(_:_:length:reverse:body:file:line:)`` on the outputs
/// packed as one tree. (A Swift 6.3 compiler crash rules out a parameter pack
/// for the carry, so tuple carries have overloads for two and three trees.)
public func scan<Carry: TensorTree, X: TensorTree, Y0: TensorTree, Y1: TensorTree, each Y: TensorTree>(
    _ initial: Carry, _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping (Carry, X) -> (Carry, (Y0, Y1, repeat each Y)), file: String = #fileID, line: Int = #line
) -> (carry: Carry, ys: (Y0, Y1, repeat each Y)) {
    let (carry, ys) = scanTrees(initial, xs, length: length, reverse: reverse, body: packingOutputs(body), file: file, line: line)
    return (carry, ys.elements)
}

/// `scan` carrying a pair of trees:
///
/// ```swift
/// let ((total, count), means) = scan((Tensor(0.0), Tensor(0.0)), xs) { carry, x in
///     let (total, count) = carry
///     return ((total + x, count + 1), (total + x) / (count + 1))
/// }
/// ```
public func scan<C0: TensorTree, C1: TensorTree, X: TensorTree, Y: TensorTree>(
    _ initial: (C0, C1), _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping ((C0, C1), X) -> ((C0, C1), Y), file: String = #fileID, line: Int = #line
) -> (carry: (C0, C1), ys: Y) {
    let (carry, ys) = scan(TupleTree(initial.0, initial.1), xs, length: length, reverse: reverse, body: { carry, x in
        let (next, y) = body(carry.elements, x)
        return (TupleTree(next.0, next.1), y)
    }, file: file, line: line)
    return (carry.elements, ys)
}

/// `scan` carrying a pair of trees, with a tuple of outputs.
public func scan<C0: TensorTree, C1: TensorTree, X: TensorTree, Y0: TensorTree, Y1: TensorTree, each Y: TensorTree>(
    _ initial: (C0, C1), _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping ((C0, C1), X) -> ((C0, C1), (Y0, Y1, repeat each Y)), file: String = #fileID, line: Int = #line
) -> (carry: (C0, C1), ys: (Y0, Y1, repeat each Y)) {
    let (carry, ys) = scan(initial, xs, length: length, reverse: reverse, body: packingOutputs(body), file: file, line: line)
    return (carry, ys.elements)
}

/// `scan` carrying three trees.
public func scan<C0: TensorTree, C1: TensorTree, C2: TensorTree, X: TensorTree, Y: TensorTree>(
    _ initial: (C0, C1, C2), _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping ((C0, C1, C2), X) -> ((C0, C1, C2), Y), file: String = #fileID, line: Int = #line
) -> (carry: (C0, C1, C2), ys: Y) {
    let (carry, ys) = scan(TupleTree(initial.0, initial.1, initial.2), xs, length: length, reverse: reverse,
                           body: { carry, x in
        let (next, y) = body(carry.elements, x)
        return (TupleTree(next.0, next.1, next.2), y)
    }, file: file, line: line)
    return (carry.elements, ys)
}

/// `scan` carrying three trees, with a tuple of outputs.
public func scan<C0: TensorTree, C1: TensorTree, C2: TensorTree, X: TensorTree, Y0: TensorTree, Y1: TensorTree, each Y: TensorTree>(
    _ initial: (C0, C1, C2), _ xs: X, length: Int? = nil, reverse: Bool = false,
    body: @escaping ((C0, C1, C2), X) -> ((C0, C1, C2), (Y0, Y1, repeat each Y)), file: String = #fileID, line: Int = #line
) -> (carry: (C0, C1, C2), ys: (Y0, Y1, repeat each Y)) {
    let (carry, ys) = scan(initial, xs, length: length, reverse: reverse, body: packingOutputs(body), file: file, line: line)
    return (carry, ys.elements)
}

/// A scan body with its tuple of outputs packed as one tree. (The scan
/// overloads take two outputs or more: one output is a tree already.)
private func packingOutputs<Carry, X, each Y: TensorTree>(
    _ body: @escaping (Carry, X) -> (Carry, (repeat each Y))
) -> (Carry, X) -> (Carry, TupleTree<repeat each Y>) {
    { carry, x in
        let (next, y) = body(carry, x)
        return (next, TupleTree(repeat each y))
    }
}

/// `vmap` of a function with several outputs, returned as a Swift tuple
/// (each output batched along `outAxes`):
///
/// ```swift
/// let (sums, maxima) = vmap { (row: Tensor) in (row.sum(), row.max()) }(matrix)
/// ```
public func vmap<Input: TensorTree, each Output: TensorTree>(
    _ function: @escaping (Input) -> (repeat each Output), inAxes: Int? = 0, outAxes: Int = 0, axisSize: Int? = nil,
    axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) -> (repeat each Output) {
    unpacking(vmap(packing(function), inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                   file: file, line: line))
}

/// The tuple-output `vmap` with one batch axis (or nil) per input leaf.
public func vmap<Input: TensorTree, each Output: TensorTree>(
    _ function: @escaping (Input) -> (repeat each Output), inAxes: [Int?], outAxes: Int = 0, axisSize: Int? = nil,
    axisName: String? = nil, file: String = #fileID, line: Int = #line
) -> (Input) -> (repeat each Output) {
    unpacking(vmap(packing(function), inAxes: inAxes, outAxes: outAxes, axisSize: axisSize, axisName: axisName,
                   file: file, line: line))
}

/// `function` with its tuple of results packed as one tree.
package func packing<Input, each Output: TensorTree>(
    _ function: @escaping (Input) -> (repeat each Output)
) -> (Input) -> TupleTree<repeat each Output> {
    { input in TupleTree(repeat each function(input)) }
}

/// `function` with its packed results unpacked into a tuple.
package func unpacking<Input, each Output: TensorTree>(
    _ function: @escaping (Input) -> TupleTree<repeat each Output>
) -> (Input) -> (repeat each Output) {
    { input in function(input).elements }
}
