import XLAIR

/// A tensor with a label for each dimension.
struct LabeledTensor {
    var tensor: Tensor
    var labels: [Character]

    init(_ tensor: Tensor, _ labels: [Character]) {
        self.tensor = tensor
        self.labels = labels
    }

    /// The labels' count of occurrences, in order of first occurrence.
    var repeats: [(label: Character, count: Int)] {
        labels.reduce(into: [(label: Character, count: Int)]()) { counts, label in
            if let index = counts.firstIndex(where: { $0.label == label }) { counts[index].count += 1 } else { counts.append((label, 1)) }
        }
    }

    /// The sum over the dimensions at `axes` (in `bool`, their `or`).
    func summed(_ axes: [Int]) -> LabeledTensor {
        guard !axes.isEmpty else { return self }
        var type = tensor.type
        type.shape = tensor.shape.indices.filter { !axes.contains($0) }.map { tensor.shape[$0] }
        let sum = Tensor.apply(.reduce, [tensor], attributes: ["dimensions": .ints(axes),
                                                               "kind": .string(tensor.dtype == .bool ? "or" : "sum")],
                               fallback: type)
        return LabeledTensor(sum, labels.indices.filter { !axes.contains($0) }.map { labels[$0] })
    }

    /// The sum over the labels in `labels` (each present once).
    func summing(_ summed: [Character]) -> LabeledTensor {
        self.summed(summed.compactMap { labels.firstIndex(of: $0) })
    }

    /// Every repeated label reduced to its diagonal, which is summed away
    /// unless `kept` has the label (JAX's `sum_repeats`).
    func diagonals(keeping kept: [Character]) -> LabeledTensor {
        var result = self
        for (label, count) in repeats where count > 1 {
            let axes = result.labels.indices.filter { result.labels[$0] == label }
            let shape = result.tensor.shape
            let onDiagonal = zip(axes, axes.dropFirst()).map { iotaPositions(shape, axis: $0) .== iotaPositions(shape, axis: $1) }
                .reduce(Tensor.full(shape, true)) { $0 & $1 }
            result.tensor = select(onDiagonal, result.tensor, Tensor.zeros(shape, dtype: result.tensor.dtype))
            result = result.summed(kept.contains(label) ? Array(axes.dropLast()) : axes)
        }
        return result
    }

    /// Dimensions of size 1 dropped where `other` has the same label with
    /// another size: they broadcast (JAX's `filter_singleton_dims`).
    func broadcastingSingletons(against other: LabeledTensor) -> LabeledTensor {
        let dropped = labels.indices.filter { axis in
            guard tensor.shape[axis] == 1, let match = other.labels.firstIndex(of: labels[axis]) else { return false }
            return other.tensor.shape[match] != 1
        }
        guard !dropped.isEmpty else { return self }
        return LabeledTensor(tensor.squeezed(axes: dropped), labels.indices.filter { !dropped.contains($0) }.map { labels[$0] })
    }

    /// The tensor with its dimensions in the order of `order` (a
    /// permutation of ``labels``).
    func arranged(_ order: [Character]) -> Tensor {
        order == labels ? tensor : tensor.transposed(order.compactMap { labels.firstIndex(of: $0) })
    }
}

/// The contraction steps of an einsum, in JAX's formulation
/// (`jax._src.numpy.einsum._einsum`).
enum EinsumContraction {
    /// Contracts `first` and `others` into the `output` labels: one operand
    /// alone, or pairwise in ``EinsumPath``'s order, each step keeping the
    /// labels still needed, in opt_einsum's order (first appearance, the
    /// operand taken first leading).
    static func run(_ first: LabeledTensor, _ others: [LabeledTensor], output: [Character], location: String?) -> Tensor {
        guard !others.isEmpty else { return single(first, output: output) }
        var pending = [first] + others
        let sizes = pending.reduce(into: [Character: Int]()) { sizes, operand in
            for (label, size) in zip(operand.labels, operand.tensor.shape) { sizes[label] = Swift.max(sizes[label] ?? 1, size) }
        }
        let steps = EinsumPath.pairs(pending.map(\.labels), output: output, sizes: sizes)
        var contracted = first
        for (step, (position, laterPosition)) in steps.enumerated() {
            // opt_einsum takes the later position first: it is `dot_general`'s left side.
            let lhs = pending.remove(at: laterPosition)
            let rhs = pending.remove(at: position)
            var result = output
            if step < steps.count - 1 {
                let needed = Set(output + pending.flatMap(\.labels))
                result = []
                for label in lhs.labels + rhs.labels where needed.contains(label) && !result.contains(label) {
                    result.append(label)
                }
            }
            contracted = LabeledTensor(pair(lhs, rhs, output: result, location: location), result)
            pending.append(contracted)
        }
        return contracted.tensor
    }

    /// One operand: sums of the labels it alone has, then its diagonals.
    static func single(_ operand: LabeledTensor, output: [Character]) -> Tensor {
        let uniques = operand.repeats.filter { $0.count == 1 && !output.contains($0.label) }.map(\.label)
        return operand.summing(uniques.sorted()).diagonals(keeping: output).arranged(output)
    }

    /// Two operands contracted by one `dot_general`.
    static func pair(_ lhs: LabeledTensor, _ rhs: LabeledTensor, output: [Character], location: String?) -> Tensor {
        var lhs = lhs.broadcastingSingletons(against: rhs)
        var rhs = rhs.broadcastingSingletons(against: lhs)
        let contracted = Set(lhs.labels + rhs.labels).subtracting(output).sorted()
        let (lhsRepeats, rhsRepeats) = (lhs.repeats, rhs.repeats)
        lhs = lhs.summing(contracted.filter { label in lhsRepeats.contains { $0 == (label, 1) } && !rhs.labels.contains(label) })
        rhs = rhs.summing(contracted.filter { label in rhsRepeats.contains { $0 == (label, 1) } && !lhs.labels.contains(label) })
        lhs = lhs.diagonals(keeping: output + rhs.labels)
        rhs = rhs.diagonals(keeping: output + lhs.labels)
        let summed = contracted.filter { lhs.labels.contains($0) || rhs.labels.contains($0) }
        let batch = output.filter { lhs.labels.contains($0) && rhs.labels.contains($0) }
        let lhsFree = lhs.labels.filter { !batch.contains($0) && !summed.contains($0) }
        let rhsFree = rhs.labels.filter { !batch.contains($0) && !summed.contains($0) }
        // JAX tries (rhs, lhs) first, which needs no transpose when it already gives the output's order.
        let (a, b, labels) = batch + rhsFree + lhsFree == output ? (rhs, lhs, batch + rhsFree + lhsFree)
                                                                 : (lhs, rhs, batch + lhsFree + rhsFree)
        return LabeledTensor(dot(a, b, batch: batch, contracting: summed, location: location), labels).arranged(output)
    }

    /// `dot_general` of `a` and `b` over shared `batch` and `contracting`
    /// labels: batch dimensions, then `a`'s free ones, then `b`'s.
    private static func dot(_ a: LabeledTensor, _ b: LabeledTensor, batch: [Character], contracting: [Character],
                            location: String?) -> Tensor {
        func axes(_ x: LabeledTensor, _ labels: [Character]) -> [Int] { labels.compactMap { x.labels.firstIndex(of: $0) } }
        let attributes: Attributes = [
            "lhs_batching_dimensions": .ints(axes(a, batch)), "rhs_batching_dimensions": .ints(axes(b, batch)),
            "lhs_contracting_dimensions": .ints(axes(a, contracting)), "rhs_contracting_dimensions": .ints(axes(b, contracting)),
        ]
        let free = { (x: LabeledTensor) in x.labels.indices.filter { !batch.contains(x.labels[$0]) && !contracting.contains(x.labels[$0]) } }
        let shape = axes(a, batch).map { a.tensor.shape[$0] } + free(a).map { a.tensor.shape[$0] } + free(b).map { b.tensor.shape[$0] }
        let type = TensorType(a.tensor.dtype, shape)
        return DotSaving.current?.product(a.tensor, b.tensor, attributes: attributes, type: type, location: location)
            ?? Tensor.apply(.dotGeneral, [a.tensor, b.tensor], attributes: attributes, location: location, fallback: type)
    }
}
