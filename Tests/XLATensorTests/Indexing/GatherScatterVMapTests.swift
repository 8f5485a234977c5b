import Testing
@testable import XLAIR
@testable import XLATensor

/// vmap of gathers and scatters (batched operand, batched indices, both)
/// equals a loop of unbatched calls; dynamic slicing at batched indices
/// lowers to one gather or scatter, not a loop.
@Suite struct GatherScatterVMapTests {
    static let operands = Tensor((0..<30).map { Float($0) * 0.5 - 3 }, shape: [3, 5, 2])
    static let indices = Tensor([Int32(4), 0, -1, 2, 2, 1, 0, 3, 9], shape: [3, 3])
    static let updates = Tensor((0..<18).map { Float($0) - 6 }, shape: [3, 3, 2])

    /// `function` of example `b` of each batched argument (nil: shared).
    static func loop(_ count: Int, _ function: (Int) -> Tensor) -> Tensor {
        stack((0..<count).map(function))
    }

    /// Same shape and elements, NaN (an out-of-bounds fill) equal to NaN.
    static func expectEqual(_ a: Tensor, _ b: Tensor, _ context: String) throws {
        #expect(a.shape == b.shape, "\(context)")
        let (x, y) = (try a.scalars(as: Float.self), try b.scalars(as: Float.self))
        #expect(x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(context): \(x) vs \(y)")
    }

    typealias Case = (name: String, function: (Tensor, Tensor, Tensor) -> Tensor)

    nonisolated(unsafe) static let cases: [Case] = [
        ("index", { x, i, _ in x[i] }),
        ("index column", { x, i, _ in x[.all, .array(i.clipped(min: 0, max: 1))] }),
        ("take fill", { x, i, _ in take(x, i, axis: 0) }),
        ("take along axis", { x, i, _ in takeAlongAxis(x, i.reshaped([3, 1]).broadcast(to: [3, 2]), axis: 0) }),
        ("add", { x, i, u in x.at[i].add(u) }),
        ("set", { x, i, u in x.at[i].set(u) }),
        ("max clip", { x, i, u in x.at[i].max(u, mode: .clip) }),
        ("multiply with a slice", { x, i, u in x.at[.array(i), .upTo(1)].multiply(u[.all, .upTo(1)]) }),
    ]

    @Test(arguments: 0..<cases.count)
    func vmapEqualsALoop(_ index: Int) throws {
        let (name, f) = Self.cases[index]
        let (x, i, u) = (Self.operands, Self.indices, Self.updates)
        for (label, inAxes) in [("operand", [0, nil, nil]), ("indices", [nil, 0, 0]), ("both", [0, 0, 0])] as [(String, [Int?])] {
            let batched = vmap({ (p: [Tensor]) in f(p[0], p[1], p[2]) }, inAxes: inAxes)
            let shared = [x[0], i[0], u[0]]
            let args = [x, i, u]
            let expected = Self.loop(3) { b in
                let example = (0..<3).map { inAxes[$0] == nil ? shared[$0] : args[$0][.at(b)] }
                return f(example[0], example[1], example[2])
            }
            let inputs = (0..<3).map { inAxes[$0] == nil ? shared[$0] : args[$0] }
            try Self.expectEqual(batched(inputs), expected, "\(name) batched \(label)")
            let jitted = jit { (a: Tensor, b: Tensor, c: Tensor) in batched([a, b, c]) }
            try Self.expectEqual(try jitted(inputs[0], inputs[1], inputs[2]), expected, "\(name) batched \(label) jit")
        }
    }

    @Test func gradOfVMappedScatterEqualsALoop() throws {
        let (x, i, u) = (Self.operands, Self.indices, Self.updates)
        let loss = { (p: [Tensor]) in (p[0].at[p[2]].set(p[1]) * p[0]).sum() }
        let perExample = vmap({ (p: [Tensor]) in grad({ (q: [Tensor]) in loss([q[0], q[1], p[2]]) })([p[0], p[1]]) })([x, u, i])
        for b in 0..<3 {
            let expected = grad({ (q: [Tensor]) in loss([q[0], q[1], i[.at(b)]]) })([x[.at(b)], u[.at(b)]])
            try Self.expectEqual(perExample[0][.at(b)], expected[0], "d/dx example \(b)")
            try Self.expectEqual(perExample[1][.at(b)], expected[1], "d/du example \(b)")
        }
    }

    @Test func dynamicSliceAtBatchedIndicesIsOneGatherNotALoop() throws {
        let starts = Tensor([Int32(0), 3, 9])
        let slice = { (x: Tensor, s: Tensor) in
            Tensor.apply(.dynamicSlice, [x, s, Tensor(Int32(1))], attributes: ["slice_sizes": .ints([2, 1])],
                         fallback: TensorType(x.dtype, [2, 1]))
        }
        let batched = vmap({ (p: [Tensor]) in slice(p[0], p[1]) })
        let expected = Self.loop(3) { b in slice(Self.operands[.at(b)], starts[.at(b)]) }
        try Self.expectEqual(batched([Self.operands, starts]), expected, "dynamic_slice")
        let text = try jit { (x: Tensor, s: Tensor) in batched([x, s]) }.lower(Self.operands, starts).stableHLO()
        #expect(text.contains("stablehlo.gather") && !text.contains("stablehlo.while"), "\(text)")

        let update = { (x: Tensor, u: Tensor, s: Tensor) in
            Tensor.apply(.dynamicUpdateSlice, [x, u, s, Tensor(Int32(1))], fallback: x.type)
        }
        let updated = vmap({ (p: [Tensor]) in update(p[0], p[1], p[2]) })
        let blocks = Self.updates[.all, .upTo(2), .upTo(1)]
        let expectedUpdate = Self.loop(3) { b in update(Self.operands[.at(b)], blocks[.at(b)], starts[.at(b)]) }
        try Self.expectEqual(updated([Self.operands, blocks, starts]), expectedUpdate, "dynamic_update_slice")
        let updateText = try jit { (x: Tensor, u: Tensor, s: Tensor) in updated([x, u, s]) }
            .lower(Self.operands, blocks, starts).stableHLO()
        #expect(updateText.contains("stablehlo.scatter") && !updateText.contains("stablehlo.while"), "\(updateText)")
    }
}
