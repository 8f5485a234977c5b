import XLAIR

/// `onTrue()` if `predicate` (a scalar) is true, else `onFalse()`
/// (`lax.cond`). Both branches are traced and must return the same
/// structure, shapes and dtypes; only one runs.
public func cond<Output: TensorTree>(
    _ predicate: Tensor, _ onTrue: @escaping () -> Output, _ onFalse: @escaping () -> Output,
    file: String = #fileID, line: Int = #line
) -> Output {
    // lax.cond orders branches (false, true), indexed by the predicate.
    branch(predicate.converted(to: .bool).converted(to: .int32), [onFalse, onTrue], op: "cond", file: file, line: line)
}

/// `branches[index]()` (`lax.switch`, `hk.switch`); the index is clamped
/// to the valid range. `branches` must not be empty (there would be no
/// result type); an empty list stops the program with a message. All branches are traced and must return the same
/// structure, shapes and dtypes; only one runs.
public func switchBranch<Output: TensorTree>(
    _ index: Tensor, _ branches: [() -> Output], file: String = #fileID, line: Int = #line
) -> Output {
    let last = Tensor(Int32(max(0, branches.count - 1)))
    return branch(minimum(maximum(index.converted(to: .int32), Tensor(Int32(0))), last), branches, op: "switch",
                  file: file, line: line)
}

private func branch<Output: TensorTree>(
    _ index: Tensor, _ branches: [() -> Output], op: String, file: String, line: Int
) -> Output {
    let place = location(file, line)
    guard let first = branches.first else {
        preconditionFailure("\(op) at \(place ?? "an unknown place") needs at least one branch")
    }
    guard index.rank == 0 else {
        let error = TensorError.invalidOperation(.invalidOperands(
            op: op, operandTypes: [index.type], reason: "the predicate or index must be a scalar", location: place))
        Trace.current?.fail(error)
        return first().mapTensors { .poisoned(error, type: $0.type) }
    }
    guard let implicit = ImplicitStateContext.current else {
        return plainBranch(index, branches, op: op, place: place, fallback: first)
    }
    // Implicit state (Haiku's) goes into every branch and comes out of the
    // one taken, as `hk.cond` and `hk.switch` thread it.
    implicit.prepareToCarry()
    let outer = implicit.snapshot()
    let names = outer.keys.sorted()
    var created = false
    let threaded = branches.map { branch in
        { () -> TreePair<Output, [Tensor]> in
            implicit.restore(outer)
            defer { implicit.restore(outer) }
            let output = branch()
            implicit.prepareToCarry()
            let after = implicit.snapshot()
            created = created || after.keys.contains { outer[$0] == nil }
            return TreePair(first: output, second: names.map { after[$0] ?? outer[$0]! })
        }
    }
    let result = plainBranch(index, threaded, op: op, place: place, fallback: { TreePair(first: first(), second: names.map { outer[$0]! }) })
    guard created else {
        implicit.restore(Dictionary(uniqueKeysWithValues: zip(names, result.second)))
        return result.first
    }
    guard implicit.createsValues else {
        let error = TensorError.invalidTransformation(
            reason: "a branch of \(op) created state or a parameter; create it before the \(op)", location: place)
        Trace.current?.fail(error)
        return result.first.mapTensors { .poisoned(error, type: $0.type) }
    }
    // Branches that create values all run, in order, and the index picks an
    // output (Haiku's `running_init` pattern).
    implicit.restore(outer)
    let outputs = branches.map { $0() }
    return outputs[0].replacingLeaves(with: outputs[0].leaves.indices.map { leaf in
        outputs.indices.dropFirst().reduce(outputs[0].leaves[leaf]) { chosen, number in
            select(index .== Tensor(Int32(number)), outputs[number].leaves[leaf], chosen)
        }
    })
}

private func plainBranch<Output: TensorTree>(
    _ index: Tensor, _ branches: [() -> Output], op: String, place: String?, fallback first: @escaping () -> Output
) -> Output {
    withTrace(index, location: place, fallback: first) { trace, index in
        let operand = try trace.values(of: index, location: place)
        var regions: [Region] = []
        var template: Output?
        var weak: [Bool] = []
        for (number, branch) in branches.enumerated() {
            let (region, output) = try trace.region(arguments: [Tensor](), location: place) { _ in branch() }
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
