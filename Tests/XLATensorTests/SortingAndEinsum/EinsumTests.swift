import Testing
import XLATensor

/// `einsum` against JAX 0.11.2's `jnp.einsum` over many subscript patterns,
/// its gradients, vmap and errors.
@Suite struct EinsumTests {
    static let fixture = SortingEinsumFixture.shared

    @Test(arguments: fixture.einsum.indices)
    func einsumMatchesJAX(index: Int) throws {
        let c = Self.fixture.einsum[index]
        let operands = try c.operands.map { try $0.tensor() }
        for (how, outputs) in try eagerAndJIT(operands, { [einsum(c.subscripts, $0)] }) {
            let what = "\"\(c.subscripts)\" \(how)"
            // Up to four operands contract in JAX's order; more left to right.
            if operands.count <= 4 {
                try expectBits(outputs[0], c.output, what)
            } else {
                try expectClose(outputs[0], c.output, what)
            }
        }
    }

    @Test func gradientsMatchJAX() throws {
        for c in SortingEinsumFixture.gradients("einsum") {
            guard case let .string(subscripts)? = c.parameters["subscripts"] else { continue }
            let primals = try c.primals.map { try $0.tensor() }
            let cotangent = try c.cotangents[0].tensor()
            let gradients = vjp({ einsum(subscripts, $0) }, primals).pullback(cotangent)
            let jitted = try jit { (primals: [Tensor], cotangent: Tensor) in
                vjp({ einsum(subscripts, $0) }, primals).pullback(cotangent)
            }(primals, cotangent)
            for (index, expected) in c.gradients.enumerated() {
                try expectClose(gradients[index], expected, "\"\(subscripts)\" operand \(index)")
                try expectClose(jitted[index], expected, "jit \"\(subscripts)\" operand \(index)")
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

    @Test func vmapEqualsALoop() throws {
        let batch = Tensor((0..<36).map { Float($0) / 7 - 2 }, shape: [4, 3, 3])
        let other = Tensor((0..<6).map { Float($0) / 3 - 1 }, shape: [3, 2])
        for subscripts in ["ij,jk->ik", "ii->i", "ij,jk->kj", "ij,jk"] {
            let function = { (x: Tensor) in subscripts.contains(",") ? einsum(subscripts, x, other) : einsum(subscripts, x) }
            try expectClose(vmap(function)(batch), loop(function, batch), subscripts)
        }
        // Both operands batched.
        let both = vmap({ (pair: [Tensor]) in einsum("ij,jk->ik", pair[0], pair[1]) })([batch, batch])
        try expectClose(both, loop({ einsum("ij,jk->ik", $0, $0) }, batch), "both batched")
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
