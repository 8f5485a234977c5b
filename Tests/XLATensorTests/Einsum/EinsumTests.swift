import NumericsSupport
import Testing
import XLATensor

/// `einsum` against JAX 0.11.2's `jnp.einsum` over many subscript patterns,
/// its gradients, vmap and errors.
@Suite struct EinsumTests {
    static let fixture = SortingEinsumFixture.shared

    /// Float results within the derived contraction tolerance (bit for bit
    /// against fixtures regenerated on this machine, up to four operands:
    /// more contract left to right, not in JAX's order); integers exactly.
    @Test(arguments: fixture.einsum.indices)
    func einsumMatchesJAX(index: Int) throws {
        let c = Self.fixture.einsum[index]
        let operands = try c.operands.map { try $0.tensor() }
        let contraction = { (x: [Tensor]) in [einsum(c.subscripts, x)] }
        let bound = try MultilinearBound(contraction, operands, orderMatchesJAX: operands.count <= 4)
        for (how, outputs) in try eagerAndJIT(operands, contraction) {
            let what = "\"\(c.subscripts)\" \(how)"
            if c.output.elementType == .float32 {
                try expectContraction(outputs[0], c.output, magnitudes: bound.magnitudes[0], tolerance: bound.tolerance, what)
            } else {
                try expectBits(outputs[0], c.output, what)
            }
        }
    }

    /// A JAX result moved by ten times its bound, or by a relative 1e-3,
    /// is reported as not close: the tolerance does not hide such errors.
    @Test(arguments: fixture.einsum.indices.filter {
        fixture.einsum[$0].operands.count == 2 && fixture.einsum[$0].output.shape.count == 2
            && fixture.einsum[$0].output.elementType == .float32
    })
    func perturbedExpectationIsNotClose(index: Int) throws {
        let c = Self.fixture.einsum[index]
        let operands = try c.operands.map { try $0.tensor() }
        let bound = try MultilinearBound({ [einsum(c.subscripts, $0)] }, operands, orderMatchesJAX: true)
        let output = try einsum(c.subscripts, operands).scalars(as: Float.self)
        let magnitudes = try bound.magnitudes[0].scalars(as: Float.self)
        let expected = c.output.floats
        let tolerance = ContractionTolerance(length: bound.tolerance.length, referenceIsFromThisMachine: false)
        let largest = try #require(expected.indices.max { Swift.abs(expected[$0]) < Swift.abs(expected[$1]) })
        var tenBounds = expected, relative = expected
        tenBounds[largest] += 10 * tolerance.bound(magnitude: magnitudes[largest])
        relative[largest] *= 1 + 1e-3
        #expect(tolerance.compare(output, expected, magnitudes: magnitudes).isClose)
        #expect(!tolerance.compare(output, tenBounds, magnitudes: magnitudes).isClose)
        #expect(!tolerance.compare(output, relative, magnitudes: magnitudes).isClose)
    }

    @Test func gradientsMatchJAX() throws {
        for c in SortingEinsumFixture.gradients("einsum") {
            guard case let .string(subscripts)? = c.parameters["subscripts"] else { continue }
            let primals = try c.primals.map { try $0.tensor() }
            let cotangent = try c.cotangents[0].tensor()
            let pullback = { (x: [Tensor]) in vjp({ einsum(subscripts, $0) }, Array(x.dropLast())).pullback(x[x.count - 1]) }
            let bound = try MultilinearBound(pullback, primals + [cotangent], orderMatchesJAX: true)
            let gradients = pullback(primals + [cotangent])
            let jitted = try jit(pullback)(primals + [cotangent])
            for (index, expected) in c.gradients.enumerated() {
                let magnitudes = bound.magnitudes[index]
                try expectContraction(gradients[index], expected, magnitudes: magnitudes, tolerance: bound.tolerance,
                                      "\"\(subscripts)\" operand \(index)")
                try expectContraction(jitted[index], expected, magnitudes: magnitudes, tolerance: bound.tolerance,
                                      "jit \"\(subscripts)\" operand \(index)")
            }
        }
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let values: [Float] = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7, 0.1, -2, 0.6]
        let b = Tensor([Float(1), -2, 0.5, 3, 1, -1], shape: [3, 2])
        for subscripts in ["ij,jk->ik", "ii,ik->k", "ij,jk->"] {
            let loss = { (x: Tensor) in (einsum(subscripts, x, b) * einsum(subscripts, x, b)).sum() }
            let gradient = try grad(loss)(Tensor(values, shape: [3, 3])).scalars(as: Float.self)
            let numeric = try finiteDifferences(loss, at: values, shape: [3, 3], step: 1e-3)
            #expect(zip(gradient, numeric).allSatisfy { Swift.abs($0 - $1) < 2e-2 * Swift.max(1, Swift.abs($1)) },
                    "\(subscripts): \(gradient) vs \(numeric)")
        }
    }

    /// A batched `dot_general` may sum in another order than a loop of
    /// unbatched ones: equal within the contraction tolerance.
    @Test func vmapEqualsALoop() throws {
        let batch = Tensor((0..<36).map { Float($0) / 7 - 2 }, shape: [4, 3, 3])
        let other = Tensor((0..<6).map { Float($0) / 3 - 1 }, shape: [3, 2])
        for subscripts in ["ij,jk->ik", "ii->i", "ij,jk->kj", "ij,jk"] {
            let function = { (x: Tensor, y: Tensor) in subscripts.contains(",") ? einsum(subscripts, x, y) : einsum(subscripts, x) }
            try expectSameContraction(vmap({ function($0, other) })(batch), loop({ function($0, other) }, batch), length: 3,
                                      magnitudes: loop({ function(abs($0), abs(other)) }, batch), subscripts)
        }
        // Both operands batched.
        let both = vmap({ (pair: [Tensor]) in einsum("ij,jk->ik", pair[0], pair[1]) })([batch, batch])
        try expectSameContraction(both, loop({ einsum("ij,jk->ik", $0, $0) }, batch), length: 3,
                                  magnitudes: loop({ einsum("ij,jk->ik", abs($0), abs($0)) }, batch), "both batched")
    }

    @Test func promotesLikeJAX() throws {
        let ints = Tensor([Int32(1), 2, 3])
        #expect(einsum("i,i", ints, ints).dtype == .int32)
        #expect(einsum("i,i", ints, Tensor([Float(0.5), 1, 2])).dtype == .float32)
        #expect(try einsum("i,i", ints, ints).scalars(as: Int32.self) == [14])
    }

    @Test func documentationExamples() throws {
        let a = Tensor([[1.0, 2], [3, 4]]), b = Tensor([[5.0, 6], [7, 8]])
        let product: [Float] = [19, 22, 43, 50]
        #expect(try einsum("ij,jk->ik", a, b).scalars(as: Float.self) == product)
        #expect(try einsum("ij,jk", a, b).scalars(as: Float.self) == product)
        #expect(try einsum("ii", a).scalars(as: Float.self) == [5])
        #expect(try einsum("ii->i", a).scalars(as: Float.self) == [1, 4])
        #expect(try einsum("ij->ji", a).scalars(as: Float.self) == [1, 3, 2, 4])
        #expect(try einsum("i,j->ij", a[0], b[0]).scalars(as: Float.self) == [5, 6, 10, 12])
        #expect(try einsum("...ij,...jk", a, b).scalars(as: Float.self) == product)
    }

    /// Five or more operands contract left to right: each `dot_general`
    /// joins the result so far and the next operand, never two operands
    /// that share no label (their outer product would have rank 4 here).
    @Test func longChainsContractLeftToRight() throws {
        let sizes = [2, 3, 4, 5, 6, 7]
        let operands = (0..<5).map { (k: Int) -> Tensor in
            let shape = [sizes[k], sizes[k + 1]]
            let values: [Float] = (0..<(shape[0] * shape[1])).map { Float($0 % 5) - 2 }
            return Tensor(values, shape: shape)
        }
        let ir = try jit { (xs: [Tensor]) in einsum("ab,bc,cd,de,ef->af", xs) }.lower(operands).irText
        #expect(ir.components(separatedBy: "dot_general(").count - 1 == 4, "\(ir)")
        let ranks = ir.components(separatedBy: "tensor<").dropFirst().map { $0.prefix { $0 != ">" }.split(separator: "x").count - 1 }
        #expect(!ranks.isEmpty && ranks.allSatisfy { $0 <= 2 }, "a value of rank over 2 in \(ir)")
    }

    @Test func badSubscriptsAreTypedErrors() {
        let (a, b) = (Tensor([[1.0, 2], [3, 4]]), Tensor([1.0, 2, 3]))
        expectError(einsum("ij,j$->i", a, b), "the character '$'", "EinsumTests.swift")
        expectError(einsum("i.j", a), "a '.' that is not part of '...'")
        expectError(einsum("ij,jk->ik", a), "the subscripts name 2 operands but 1 was given")
        expectError(einsum("ijk", a), "operand 0 has rank 2 but its subscripts \"ijk\" name 3 dimensions")
        expectError(einsum("ij,j", a, b), "the label 'j' has size 2 in operand 0 but 3 in operand 1")
        expectError(einsum("ii", Tensor([[1.0, 2, 3], [4, 5, 6]])), "the label 'i' has sizes 2 and 3 in operand 0")
        expectError(einsum("ij->k", a), "the output label 'k' appears in no operand")
        expectError(einsum("ij->ii", a), "the output label 'i' appears more than once")
        expectError(einsum("ij->i->j", a), "'->' appears more than once")
        expectError(einsum("......", a), "'...' appears more than once")
        expectError(einsum("i"), "it needs at least one operand")
    }
}
