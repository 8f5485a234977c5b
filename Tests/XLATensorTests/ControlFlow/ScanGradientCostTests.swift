import Testing
import XLAIR
import XLATensor

/// What the gradient of `scan` costs per step, read off its program: the
/// loop runs forward once (stacking what the pullback reads) and back once,
/// the `xs` cotangents are written one row a step (no add of a whole
/// `xs`-sized array per step, which made the gradient quadratic in the
/// length), and tracing stages no constant as long as the sequence.
@Suite struct ScanGradientCostTests {
    static let steps = 300
    static let xs = Tensor((0..<(steps * 4)).map { Float($0 % 7) / 7 }, shape: [steps, 4])
    static let w = Tensor([0.5, -0.25, 0.75, 1] as [Float])

    /// A recurrence over `xs` whose carry and outputs both reach the loss.
    static func loss(_ p: [Tensor]) -> Tensor {
        let (carry, ys) = scan(Tensor.zeros([4]), p[1]) { h, x in
            let next = tanh(h * p[0] + x)
            return (next, next * 2)
        }
        return carry.sum() + (ys * ys).sum()
    }

    static func gradientProgram() throws -> Program {
        try jit { (p: [Tensor]) in grad(loss)(p) }.lower([w, xs]).program
    }

    /// Every instruction of `region`, those of nested regions included.
    static func instructions(in region: Region) -> [Instruction] {
        region.instructions.flatMap { [$0] + $0.regions.flatMap { instructions(in: $0) } }
    }

    @Test func gradientRunsTheLoopForwardOnceAndBackwardOnce() throws {
        let loops = Self.instructions(in: try Self.gradientProgram().functions[0].body).filter { $0.op == .whileLoop }
        #expect(loops.count == 2)
    }

    @Test func xsCotangentsAreWrittenOneRowAStep() throws {
        let body = try Self.gradientProgram().functions[0].body
        let insideLoops = body.instructions.filter { $0.op == .whileLoop }.flatMap { $0.regions.flatMap { Self.instructions(in: $0) } }
        let wholeSequenceAdds = insideLoops.filter { $0.op == .add && $0.resultTypes == [Self.xs.type] }
        #expect(wholeSequenceAdds.isEmpty)
        #expect(insideLoops.contains { $0.op == .dynamicUpdateSlice && $0.operands[1].type.shape == [1, 4] })
    }

    @Test func reverseLoopReadsTheStackedOutputsCotangentsInsteadOfCarryingThem() throws {
        // Outputs of their own shape ([steps, 2, 4]), so that no other loop value has their type.
        let stacked = TensorType(.float32, [Self.steps, 2, 4])
        for reverse in [false, true] {
            let loss = { (p: [Tensor]) -> Tensor in
                let (carry, ys) = scan(Tensor.zeros([4]), p[1], reverse: reverse) { h, x in
                    let next = tanh(h * p[0] + x)
                    return (next, stack([next, next * 2]))
                }
                return carry.sum() + (ys * ys).sum()
            }
            let body = try jit { (p: [Tensor]) in grad(loss)(p) }.lower([Self.w, Self.xs]).program.functions[0].body
            let loops = body.instructions.filter { $0.op == .whileLoop }
            #expect(loops.count == 2, "reverse: \(reverse)")
            // The forward loop stacks the outputs; the reverse loop neither carries their cotangent nor zeroes its rows.
            #expect(loops.filter { $0.resultTypes.contains(stacked) }.count == 1, "reverse: \(reverse)")
            let insideLoops = loops.flatMap { $0.regions.flatMap { Self.instructions(in: $0) } }
            #expect(insideLoops.filter { $0.op == .dynamicUpdateSlice && $0.resultTypes == [stacked] }.count == 1,
                    "reverse: \(reverse)")
        }
    }

    /// The gradient program of a recurrence with a matrix product and a
    /// tanh per step, `tanh(h · W + x)`, and its two loops.
    static func matrixRecurrence() throws -> (body: Region, forward: [Instruction], reverse: [Instruction])? {
        let loss = { (p: [Tensor]) -> Tensor in
            let (carry, ys) = scan(Tensor.zeros([4]), p[1]) { h, x in
                let next = tanh(matmul(h, p[0]) + x)
                return (next, next * 2)
            }
            return carry.sum() + (ys * ys).sum()
        }
        let matrix = Tensor((0..<16).map { Float($0 % 5) / 10 - 0.2 }, shape: [4, 4])
        let body = try jit { (p: [Tensor]) in grad(loss)(p) }.lower([matrix, Self.xs]).program.functions[0].body
        let loops = body.instructions.filter { $0.op == .whileLoop }
        #expect(loops.count == 2)
        guard loops.count == 2 else { return nil }
        return (body, Self.instructions(in: loops[0].regions[1]), Self.instructions(in: loops[1].regions[1]))
    }

    @Test func reverseLoopReadsTheBodysSavedActivationsInsteadOfRecomputingThem() throws {
        // The reverse loop has the product's transpose for the carry's cotangent, no product that recomputes
        // the forward one, and no tanh.
        guard let (_, forward, reverse) = try Self.matrixRecurrence() else { return }
        #expect(forward.filter { $0.op == .dotGeneral }.count == 1 && forward.contains { $0.op == .tanh })
        #expect(reverse.filter { $0.op == .dotGeneral }.count == 1)
        #expect(!reverse.contains { $0.op == .tanh })
    }

    @Test func matrixGradientIsOneProductOverEveryStepAfterTheReverseLoop() throws {
        // W's cotangent, the sum over the steps of hₜ ⊗ dₜ, is not accumulated a step at a time: the reverse
        // loop stacks the dₜ, and one product after it contracts the step axis of the stacked hₜ and dₜ.
        guard let (body, _, _) = try Self.matrixRecurrence() else { return }
        let products = body.instructions.filter { $0.op == .dotGeneral }
        #expect(products.contains { product in
            product.resultTypes == [TensorType(.float32, [4, 4])]
                && product.operands.allSatisfy { $0.type.shape.first == Self.steps }
                && product.attributes.ints("lhs_contracting_dimensions")?.first == 0
                && product.attributes.ints("rhs_contracting_dimensions")?.first == 0
        }, "products: \(products)")
    }

    @Test func sequenceThatIsNotDifferentiatedGetsNoCotangent() throws {
        // Only w is differentiated: xs is read by the loop but inactive, so the reverse loop neither carries
        // nor writes a cotangent of it (JAX's scan transposes only the active inputs).
        let lowered = try jit { (w: Tensor, xs: Tensor) in grad { (w: Tensor) in Self.loss([w, xs]) }(w) }.lower(Self.w, Self.xs)
        let loops = lowered.program.functions[0].body.instructions.filter { $0.op == .whileLoop }
        #expect(loops.count == 2)
        guard loops.count == 2 else { return }
        #expect(!loops[1].resultTypes.contains(Self.xs.type), "\(loops[1].resultTypes)")
        #expect(!Self.instructions(in: loops[1].regions[1]).contains { $0.op == .dynamicUpdateSlice })
    }

    @Test func tracingStagesNoSequenceLongConstant() throws {
        let forward = try jit { (xs: Tensor) in scan(Tensor.zeros([4]), xs) { h, x in (h + x, h * x) }.ys }.lower(Self.xs).program
        // The stacked outputs start as a broadcast zero, not a captured [steps, 4] buffer.
        #expect(forward.functions[0].parameters.map(\.type) == [Self.xs.type])
    }

    @Test func gradientEqualsThatOfTheUnrolledLoop() throws {
        let unrolled = { (p: [Tensor]) -> Tensor in
            var h = Tensor.zeros([4])
            var total = Tensor(Float(0))
            for step in 0..<Self.steps {
                h = tanh(h * p[0] + p[1][TensorIndex.at(step)])
                total = total + ((h * 2) * (h * 2)).sum()
            }
            return total + h.sum()
        }
        let scanned = try jit { (p: [Tensor]) in grad(Self.loss)(p) }([Self.w, Self.xs])
        let expected = try jit { (p: [Tensor]) in grad(unrolled)(p) }([Self.w, Self.xs])
        for (leaf, (actual, wanted)) in zip(scanned, expected).enumerated() {
            let (a, b) = (try actual.scalars(as: Float.self), try wanted.scalars(as: Float.self))
            #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "leaf \(leaf)")
        }
    }
}
