import XLAIR

/// `onTrue()` if `predicate` (a scalar) is true, else `onFalse()`
/// (`lax.cond`). Both branches are traced and must return the same
/// structure, shapes and dtypes; only one runs. An error a branch throws
/// comes out of `cond` with its type (branches that do not throw make
/// `cond` need no `try`).
public func cond<Output: TensorTree, Failure: Error>(
    _ predicate: Tensor, _ onTrue: @escaping () throws(Failure) -> Output,
    _ onFalse: @escaping () throws(Failure) -> Output, file: String = #fileID, line: Int = #line
) throws(Failure) -> Output {
    // lax.cond orders branches (false, true), indexed by the predicate.
    try branch(predicate.converted(to: .bool).converted(to: .int32), count: 2, { (number) throws(Failure) in
        number == 0 ? try onFalse() : try onTrue()
    }, op: "cond", file: file, line: line)
}

/// `branches[index]()` (`lax.switch`, `hk.switch`); the index is clamped
/// to the valid range. `branches` must not be empty (there would be no
/// result type); an empty list stops the program with a message. All branches are traced and must return the same
/// structure, shapes and dtypes; only one runs.
public func switchBranch<Output: TensorTree>(
    _ index: Tensor, _ branches: [() -> Output], file: String = #fileID, line: Int = #line
) -> Output {
    branch(clamped(index, count: branches.count), count: branches.count, { branches[$0]() }, op: "switch",
           file: file, line: line)
}

/// ``switchBranch(_:_:file:line:)-(_,[()->Output],_,_)`` of branches that
/// throw: an error a branch throws comes out of `switchBranch`. (Untyped:
/// Swift 6.3 miscompiles arrays of closures with a typed error.)
public func switchBranch<Output: TensorTree>(
    _ index: Tensor, _ branches: [() throws -> Output], file: String = #fileID, line: Int = #line
) throws -> Output {
    try branch(clamped(index, count: branches.count), count: branches.count, { (number) throws in
        try branches[number]()
    }, op: "switch", file: file, line: line)
}

/// `index` as `int32`, clamped to the indices of `count` branches.
private func clamped(_ index: Tensor, count: Int) -> Tensor {
    minimum(maximum(index.converted(to: .int32), Tensor(Int32(0))), Tensor(Int32(max(0, count - 1))))
}

/// Branch `index` of `count` branches, `run(number)` running branch `number`.
private func branch<Output: TensorTree, Failure: Error>(
    _ index: Tensor, count: Int, _ run: @escaping (Int) throws(Failure) -> Output, op: String, file: String, line: Int
) throws(Failure) -> Output {
    let place = location(file, line)
    guard count > 0 else {
        preconditionFailure("\(op) at \(place ?? "an unknown place") needs at least one branch")
    }
    let first = { () throws(Failure) in try run(0) }
    guard index.rank == 0 else {
        let error = TensorError.invalidOperation(.invalidOperands(
            op: op, operandTypes: [index.type], reason: "the predicate or index must be a scalar", location: place))
        TracingContext.current?.fail(error)
        return try first().mapTensors { .poisoned(error, type: $0.type) }
    }
    guard let implicit = ImplicitStateContext.current else {
        return try plainBranch(index, count: count, run, op: op, place: place, fallback: first)
    }
    return try branch(index, count: count, run, carrying: implicit, op: op, place: place, fallback: first)
}

/// ``branch(_:count:_:op:file:line:)`` with `implicit`'s values going into
/// every branch and coming out of the one taken, as `hk.cond` and
/// `hk.switch` thread Haiku's state.
private func branch<Output: TensorTree, Implicit: ImplicitState, Failure: Error>(
    _ index: Tensor, count: Int, _ run: @escaping (Int) throws(Failure) -> Output, carrying implicit: Implicit,
    op: String, place: String?, fallback first: @escaping () throws(Failure) -> Output
) throws(Failure) -> Output {
    implicit.prepareToCarry()
    let outer = implicit.snapshot()
    let names = outer.keys.sorted()
    var created = false
    let threaded = { (number: Int) throws(Failure) -> TreePair<Output, [Tensor]> in
        implicit.restore(outer)
        defer { implicit.restore(outer) }
        let output = try run(number)
        implicit.prepareToCarry()
        let after = implicit.snapshot()
        created = created || after.keys.contains { outer[$0] == nil }
        return TreePair(first: output, second: names.map { after[$0] ?? outer[$0]! })
    }
    let result = try plainBranch(index, count: count, threaded, op: op, place: place, fallback: { () throws(Failure) in
        TreePair(first: try first(), second: names.map { outer[$0]! })
    })
    guard created else {
        implicit.restore(Dictionary(uniqueKeysWithValues: zip(names, result.second)))
        return result.first
    }
    // A traced branch cannot return new values: the library's policy may
    // run the branches in place instead.
    implicit.restore(outer)
    if let output = try implicit.branchesCreatingValues(op: op, index: index, count: count, run: run) { return output }
    let error = TensorError.invalidTransformation(
        reason: "a branch of \(op) created state or a parameter; create it before the \(op)", location: place)
    TracingContext.current?.fail(error)
    return result.first.mapTensors { .poisoned(error, type: $0.type) }
}

private func plainBranch<Output: TensorTree, Failure: Error>(
    _ index: Tensor, count: Int, _ run: @escaping (Int) throws(Failure) -> Output, op: String, place: String?,
    fallback first: @escaping () throws(Failure) -> Output
) throws(Failure) -> Output {
    let errors = UserErrors<Failure>()
    return try withTrace(index, location: place, errors: errors, fallback: first) { trace, index in
        let operand = try trace.values(of: index, location: place)
        var regions: [Region] = []
        var template: Output?
        var weak: [Bool] = []
        for number in 0..<count {
            let (region, output) = try trace.region(arguments: [Tensor](), location: place) { _ in
                try errors.running { () throws(Failure) in try run(number) }
            }
            if let template, template.leaves.map(\.type) != output.leaves.map(\.type) {
                throw TensorError.invalidOperation(.invalidOperands(
                    op: op, operandTypes: output.leaves.map(\.type),
                    reason: "branch \(number) returns other types than branch 0 (\(template.leaves.map(\.type.description).joined(separator: ", ")))",
                    location: place))
            }
            // A result is weakly typed only if every branch gives a weak value.
            let flags = output.leaves.map(\.isWeak)
            weak = template == nil ? flags : zip(weak, flags).map { $0 && $1 }
            template = template ?? output
            regions.append(region)
        }
        let results = try trace.builder.append(.caseBranch, operand, regions: regions, location: place)
        let typed = template!.replacingLeaves(with: zip(template!.leaves, weak).map { $0.weak($1) })
        return trace.tree(typed, values: results)
    }
}
