/// The order in which einsum contracts its operands pairwise, as JAX's
/// default `optimize='auto'` chooses it through opt_einsum: for up to four
/// operands opt_einsum's `optimal` search (the cheapest order by its flop
/// count, the first found among equals), for more, left to right.
enum EinsumPath {
    /// Pairs of positions in the list of operands still to contract, the
    /// result of each pair appended at its end (opt_einsum's linear path).
    static func pairs(_ inputs: [[Character]], output: [Character], sizes: [Character: Int]) -> [(Int, Int)] {
        guard inputs.count > 2 else { return inputs.count == 2 ? [(0, 1)] : [] }
        guard inputs.count <= 4 else {
            return (0..<(inputs.count - 1)).map { step in (0, inputs.count - 1 - step) }
        }
        return linear(optimal(inputs.map(Set.init), output: Set(output), sizes: sizes), count: inputs.count)
    }

    /// opt_einsum's `optimal`: a depth-first search over every pairwise
    /// order, cut where it costs at least the best found so far; pairs of
    /// static-single-assignment ids (operands first, then each result).
    private static func optimal(_ inputs: [Set<Character>], output: Set<Character>,
                                sizes: [Character: Int]) -> [(Int, Int)] {
        var best: (flops: Int, path: [(Int, Int)])?
        func search(_ path: [(Int, Int)], _ remaining: [Int], _ terms: [Set<Character>], _ flops: Int) {
            guard remaining.count > 1 else {
                best = (flops, path)
                return
            }
            for (position, i) in remaining.enumerated() {
                for j in remaining[(position + 1)...] {
                    let others = remaining.filter { $0 != i && $0 != j }
                    let keep = others.reduce(output) { $0.union(terms[$1]) }
                    let either = terms[i].union(terms[j])
                    let summed = !terms[i].intersection(terms[j]).subtracting(keep).isEmpty
                    let total = flops + either.reduce(1) { $0 * sizes[$1, default: 1] } * (summed ? 2 : 1)
                    if let best, total >= best.flops { continue }
                    search(path + [(i, j)], others + [terms.count], terms + [either.intersection(keep)], total)
                }
            }
        }
        search([], Array(inputs.indices), inputs, 0)
        return best?.path ?? []
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
