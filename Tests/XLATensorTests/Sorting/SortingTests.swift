import Testing
import XLATensor

/// `sort`, `argsort` and multi-operand `sort` against JAX 0.11.2
/// (`Scripts/fixtures/sorting_einsum.py`), their gradients, vmap and errors.
@Suite struct SortingTests {
    static let fixture = SortingEinsumFixture.shared

    /// The Swift call for each fixture output.
    static func compute(_ output: String, _ x: Tensor, axis: Int) -> Tensor {
        let descending = output.hasSuffix("Descending")
        switch output.replacingOccurrences(of: "Descending", with: "") {
        case "sort": return sort(x, axis: axis, descending: descending)
        case "argsort": return argsort(x, axis: axis, descending: descending)
        default: return argsort(x, axis: axis, descending: descending, stable: false)
        }
    }

    @Test(arguments: fixture.sort.indices)
    func sortAndArgsortMatchJAX(index: Int) throws {
        let c = Self.fixture.sort[index]
        for (output, expected) in c.outputs.sorted(by: { $0.key < $1.key }) {
            for (how, outputs) in try eagerAndJIT([try c.input.tensor()], { [Self.compute(output, $0[0], axis: c.axis)] }) {
                try expectBits(outputs[0], expected, "\(c.name), \(output), \(how)")
            }
        }
    }

    @Test(arguments: fixture.laxSort.indices)
    func multiOperandSortMatchesLaxSort(index: Int) throws {
        let c = Self.fixture.laxSort[index]
        let operands = try c.operands.map { try $0.tensor() }
        for (how, outputs) in try eagerAndJIT(operands, { sort($0[0], Array($0.dropFirst()), axis: c.axis, numKeys: c.numKeys) }) {
            #expect(outputs.count == c.outputs.count)
            for (actual, expected) in zip(outputs, c.outputs) {
                try expectBits(actual, expected, "numKeys \(c.numKeys), axis \(c.axis), \(how)")
            }
        }
    }

    @Test func sortGradientsMatchJAXBitForBit() throws {
        for c in SortingEinsumFixture.gradients("sort") {
            let (axis, descending) = (c.parameters["axis"]!.int, c.parameters["descending"]!.bool)
            let (x, cotangent) = (try c.primals[0].tensor(), try c.cotangents[0].tensor())
            let pullback = { (x: Tensor, cotangent: Tensor) in
                vjp({ sort($0, axis: axis, descending: descending) }, x).pullback(cotangent)
            }
            try expectBits(pullback(x, cotangent), c.gradients[0], "sort axis \(axis) descending \(descending)")
            try expectBits(try jit(pullback)(x, cotangent), c.gradients[0], "jit sort axis \(axis) descending \(descending)")
        }
        for c in SortingEinsumFixture.gradients("laxSort") {
            let primals = try c.primals.map { try $0.tensor() }
            let cotangents = try c.cotangents.map { try $0.tensor() }
            let gradients = vjp({ sort($0[0], Array($0.dropFirst()), axis: 1, numKeys: 1) }, primals).pullback(cotangents)
            for (actual, expected) in zip(gradients, c.gradients) { try expectBits(actual, expected, "lax.sort") }
        }
    }

    @Test func sortGradientMatchesFiniteDifferences() throws {
        let values: [Float] = [0.3, -1.2, 2.5, 0.9, -0.4, 1.7]
        let weights = Tensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
        let loss = { (x: Tensor) in (sort(x, axis: 1, descending: true) * weights).sum() }
        let gradient = try grad(loss)(Tensor(values, shape: [2, 3])).scalars(as: Float.self)
        let numeric = try finiteDifferences(loss, at: values, shape: [2, 3])
        #expect(zip(gradient, numeric).allSatisfy { Swift.abs($0 - $1) < 1e-2 }, "\(gradient) vs \(numeric)")
        // Forward mode, by transposition of the rule: the tangent is permuted as the values are.
        let x = Tensor(values, shape: [2, 3])
        let tangent = Tensor((0..<6).map { Float($0) }, shape: [2, 3])
        let (_, sortedTangent) = jvp({ sort($0, axis: 1) }, x, tangent)
        #expect(try sortedTangent.scalars(as: Float.self) == [1, 0, 2, 4, 3, 5])
    }

    @Test func vmapOfSortAndArgsortEqualsALoop() throws {
        let values: [Float] = [3, 1, 2, 1, -0.0, 0, 5, 5, 2, 7, -1, 0.5]
        let batch = Tensor(values, shape: [3, 4])
        for function in [{ sort($0) }, { sort($0, descending: true) }, { argsort($0, descending: true) },
                         { (x: Tensor) in sort(x, [-x], numKeys: 1)[1] }] as [(Tensor) -> Tensor] {
            try #expect(bitPatterns(vmap(function)(batch)) == bitPatterns(loop(function, batch)))
            try #expect(bitPatterns(vmap(function, inAxes: 1)(batch.transposed())) == bitPatterns(loop(function, batch)))
        }
    }

    @Test func documentationExamples() throws {
        let x = Tensor([3.0, .nan, -1, 2, -0.0, 0])
        #expect(try bitPatterns(sort(x)) == [-1, -0.0, 0, 2, 3, .nan].map { UInt64(Float($0).bitPattern) })
        #expect(try bitPatterns(sort(x, descending: true)) == [.nan, 3, 2, 0, -0.0, -1].map { UInt64(Float($0).bitPattern) })
        #expect(try argsort(Tensor([3, 1, 2, 1])).scalars(as: Int32.self) == [1, 3, 2, 0])
        #expect(try argsort(Tensor([3, 1, 2, 1]), descending: true).scalars(as: Int32.self) == [0, 2, 1, 3])
        let (keys, values) = (Tensor([2, 1, 2]), Tensor([0.5, 1, 2]))
        let sorted = sort(keys, [values], axis: 0)
        #expect(try sorted[0].scalars(as: Int32.self) == [1, 2, 2])
        #expect(try sorted[1].scalars(as: Float.self) == [1, 0.5, 2])
    }

    @Test func vmapOfTheSortGradientEqualsALoop() throws {
        let batch = Tensor([Float(3), 1, 2, 1, -0.0, 0, 5, 5, 2, 7, -1, 0.5], shape: [3, 4])
        let weights = Tensor([Float(1), 2, 3, 4])
        let gradient = grad { (x: Tensor) in (sort(x, descending: true) * weights).sum() }
        try #expect(bitPatterns(vmap(gradient)(batch)) == bitPatterns(loop(gradient, batch)))
        // Second order: the gradient is linear in the weights, its own gradient is the sorted input.
        let secondOrder = grad { (w: Tensor) in (grad { (x: Tensor) in (sort(x) * w).sum() }(batch[0]) * batch[0]).sum() }
        #expect(try secondOrder(weights).scalars(as: Float.self) == [1, 1, 2, 3])
    }

    @Test func argsortIndicesAreTheDefaultInteger() throws {
        #expect(argsort(Tensor([2.0, 1])).dtype == .int32)
        try Configuration.withX64 { () throws in
            #expect(argsort(Tensor([2.0, 1])).dtype == .int64)
            #expect(try argsort(Tensor([2.0, 1])).scalars(as: Int64.self) == [1, 0])
        }
    }

    @Test func badArgumentsAreTypedErrors() {
        let x = Tensor([[1.0, 2], [3, 4]])
        expectError(sort(x, axis: 2), "axis 2 is out of range for shape [2, 2]", "SortingTests.swift")
        expectError(sort(Tensor(1.0)), "a scalar has no axis")
        expectError(argsort(x, axis: -3), "axis -3 is out of range")
        expectError(sort(x, [Tensor([1.0, 2])])[0], "every operand must have the shape [2, 2], got [2]")
        expectError(sort(x, [x], numKeys: 3)[1], "numKeys 3 is not between 1 and the 2 operands")
        #expect(throws: TensorError.self) { try jit { (x: Tensor) in sort(x, [], axis: 4)[0] }(x) }
        // One operand alone: its error is in its one result, eagerly too.
        let alone = sort(x, [], axis: 4)
        #expect(alone.count == 1)
        expectError(alone[0], "axis 4 is out of range", "SortingTests.swift")
        expectError(sort(x, [], numKeys: 2)[0], "numKeys 2 is not between 1 and the 1 operands")
    }
}
