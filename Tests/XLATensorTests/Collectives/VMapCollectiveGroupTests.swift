import Testing
import XLATensor

/// `psum`/`pmean` with `axisIndexGroups` under `vmap(axisName:)`: each
/// example gets the reduction over its own group (JAX's `axis_index_groups`,
/// which JAX supports under `pmap` only), against the group means computed
/// here in Double; bad groups are typed errors.
@Suite struct VMapCollectiveGroupTests {
    /// 4 examples of shape [2, 3].
    static let values: [[Float]] = (0..<4).map { example in (0..<6).map { Float(($0 * 7 + example * 5) % 9) / 4 - 1 } }
    static let xs = Tensor(values.flatMap { $0 }, shape: [4, 2, 3])

    /// Each example's row of the sum (or mean) over its group, in Double.
    static func expected(_ groups: [[Int]], mean: Bool) -> [Float] {
        (0..<4).flatMap { example -> [Float] in
            let group = groups.first { $0.contains(example) }!
            return (0..<6).map { element in
                let total = group.map { Double(values[$0][element]) }.reduce(0, +)
                return Float(mean ? total / Double(group.count) : total)
            }
        }
    }

    @Test(arguments: [[[0, 1], [2, 3]], [[0, 2], [1, 3]], [[3, 0], [2, 1]], [[0], [1], [2], [3]], [[2, 0, 3, 1]]])
    func groupsReduceSeparately(_ groups: [[Int]]) throws {
        let sums = vmap({ (x: Tensor) in psum(x, axisName: "i", axisIndexGroups: groups) }, axisName: "i")(Self.xs)
        let means = vmap({ (x: Tensor) in pmean(x, axisName: "i", axisIndexGroups: groups) }, axisName: "i")(Self.xs)
        #expect(sums.shape == [4, 2, 3])
        // Sums of at most 4 values of quarter-steps are exact in float32; the means divide exactly too.
        #expect(try sums.scalars(as: Float.self) == Self.expected(groups, mean: false))
        #expect(try means.scalars(as: Float.self) == Self.expected(groups, mean: true))
        // Under jit and along another input axis.
        let jitted = try jit { (x: Tensor) in
            vmap({ (x: Tensor) in pmean(x, axisName: "i", axisIndexGroups: groups) }, inAxes: 1, axisName: "i")(x)
        }(Self.xs.transposed([1, 0, 2]))
        #expect(try jitted.scalars(as: Float.self) == Self.expected(groups, mean: true))
    }

    @Test func gradientReducesTheCotangentOverTheGroup() throws {
        // d/dx_j of sum_i w_i · psum_group(x)_i = sum of w over j's group.
        let weights = Tensor([1, 10, 100, 1000] as [Float])
        let g = grad { (xs: Tensor) in
            (vmap({ (x: Tensor) in psum(x, axisName: "i", axisIndexGroups: [[0, 3], [1, 2]]) }, axisName: "i")(xs) * weights).sum()
        }(Tensor([0, 0, 0, 0] as [Float]))
        #expect(try g.scalars(as: Float.self) == [1001, 110, 110, 1001])
    }

    @Test(arguments: [
        ([[0, 1], [2]], "axis_index_groups must cover all indices exactly once"),
        ([[0, 1], [1, 2, 3]], "axis_index_groups must cover all indices exactly once"),
        ([[0, 1, 2], [3, 4]], "axis_index_groups must cover all indices exactly once"),
        ([], "axis_index_groups must cover all indices exactly once"),
        ([[0, 1, 2], [3]], "axis_index_groups must all be the same size"),
    ])
    func badGroupsAreTypedErrors(_ groups: [[Int]], _ message: String) throws {
        let result = vmap({ (x: Tensor) in pmean(x, axisName: "i", axisIndexGroups: groups) }, axisName: "i")(Self.xs)
        let error = try #require(throws: TensorError.self) { _ = try result.scalars(as: Float.self) }
        #expect("\(error)".contains(message), "\(error)")
    }
}
