/// The order in which einsum contracts its operands pairwise, as JAX's
/// default `optimize='auto'` chooses it through opt_einsum: for up to four
/// operands opt_einsum's `optimal` search (the cheapest order by its flop
/// count, the first found among equals); for more, left to right (the
/// first two operands, then their result with each next operand in turn).
enum EinsumPath {
    /// Pairs of positions in the list of operands still to contract, the
    /// result of each pair appended at its end (opt_einsum's linear path).
    static func pairs(_ inputs: [[Character]], output: [Character], sizes: [Character: Int]) -> [(Int, Int)] {
        guard inputs.count > 2 else { return inputs.count == 2 ? [(0, 1)] : [] }
        guard inputs.count <= 4 else {
            // After the first pair, the next operand is first in the list and the result so far last.
            return [(0, 1)] + (2..<inputs.count).map { next in (0, inputs.count - next) }
        }
        return linear(optimal(inputs.map(Set.init), output: Set(output), sizes: sizes), count: inputs.count)
    }

    /// Two operands' label sets, in the order of their ids.
    private struct LabelPair: Hashable {
        let first: Set<Character>
        let second: Set<Character>
    }

    /// opt_einsum's `optimal`: a depth-first search over every pairwise
    /// order, cut where it costs at least the best found so far; pairs of
    /// static-single-assignment ids (operands first, then each result).
    ///
    /// As opt_einsum, a pair's result labels and cost are computed the
    /// first time its two label sets meet and reused whenever they meet
    /// again, even where other operands remain (which can keep other
    /// labels): that cache decides which path opt_einsum, and so JAX, picks.
    private static func optimal(_ inputs: [Set<Character>], output: Set<Character>,
                                sizes: [Character: Int]) -> [(Int, Int)] {
        var best: (flops: Int, path: [(Int, Int)])?
        var cache: [LabelPair: (labels: Set<Character>, flops: Int)] = [:]
        func search(_ path: [(Int, Int)], _ remaining: [Int], _ terms: [Set<Character>], _ flops: Int) {
            guard remaining.count > 1 else {
                best = (flops, path)
                return
            }
            for (position, i) in remaining.enumerated() {
                for j in remaining[(position + 1)...] {
                    let others = remaining.filter { $0 != i && $0 != j }
                    let key = LabelPair(first: terms[i], second: terms[j])
                    let step = cache[key] ?? contraction(terms[i], terms[j], keeping: others.reduce(output) { $0.union(terms[$1]) },
                                                         sizes: sizes)
                    cache[key] = step
                    let total = flops + step.flops
                    if let best, total >= best.flops { continue }
                    search(path + [(i, j)], others + [terms.count], terms + [step.labels], total)
                }
            }
        }
        search([], Array(inputs.indices), inputs, 0)
        return best?.path ?? []
    }

    /// The labels of two operands' product that `keep` holds, and its cost
    /// by opt_einsum's `flop_count`: the product's size, doubled when a
    /// shared label is summed away.
    private static func contraction(_ a: Set<Character>, _ b: Set<Character>, keeping keep: Set<Character>,
                                    sizes: [Character: Int]) -> (labels: Set<Character>, flops: Int) {
        let either = a.union(b)
        let summed = !a.intersection(b).subtracting(keep).isEmpty
        return (either.intersection(keep), either.reduce(1) { $0 * sizes[$1, default: 1] } * (summed ? 2 : 1))
    }

    /// Static-single-assignment pairs as positions in the shrinking list
    /// (opt_einsum's `ssa_to_linear`).
    private static func linear(_ path: [(Int, Int)], count: Int) -> [(Int, Int)] {
        var ids = Array(0..<count)
        var next = count
        return path.map { i, j in
            let positions = [i, j].compactMap { ids.firstIndex(of: $0) }.sorted()
            for position in positions.reversed() { ids.remove(at: position) }
            ids.append(next)
            next += 1
            return (positions[0], positions[1])
        }
    }
}
