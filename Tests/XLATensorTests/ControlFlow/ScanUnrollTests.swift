import Testing
import XLATensor

/// `scan(unroll:)`: the results of the plain scan, with `unroll` steps per
/// iteration of the compiled loop (no loop when it covers the length).
@Suite struct ScanUnrollTests {
    static let xs = Tensor([Int32(1), 2, 3, 4, 5, 6, 7])

    /// Running sums of `xs` (forward or reversed) and the final sum, unrolled by `unroll`.
    static func sums(unroll: Int, reverse: Bool) throws -> (Int32, [Int32]) {
        let (total, partials) = scan(Tensor(Int32(0)), xs, reverse: reverse, unroll: unroll) { carry, x in
            (carry * 2 + x, carry + x)
        }
        return (try total.item(as: Int32.self), try partials.scalars(as: Int32.self))
    }

    @Test(arguments: [0, 2, 3, 4, 7, 10], [false, true])
    func sameResultsAsOneStepPerIteration(_ unroll: Int, _ reverse: Bool) throws {
        let expected = try Self.sums(unroll: 1, reverse: reverse)
        let got = try Self.sums(unroll: unroll, reverse: reverse)
        #expect(got.0 == expected.0)
        #expect(got.1 == expected.1)
    }

    /// Counts the loops of the compiled program of a 7-step scan.
    static func loops(unroll: Int) throws -> Int {
        let f = jit { (xs: Tensor) in scan(Tensor(Int32(0)), xs, unroll: unroll) { c, x in (c + x, c) }.ys }
        return try f.lower(xs).stableHLO().ranges(of: "stablehlo.while").count
    }

    @Test func unrollingCoveringTheLengthLeavesNoLoop() throws {
        #expect(try Self.loops(unroll: 1) == 1)
        #expect(try Self.loops(unroll: 3) == 1)
        #expect(try Self.loops(unroll: 7) == 0)
    }

    @Test func negativeUnrollIsAnError() {
        let (total, _) = scan(Tensor(Int32(0)), Self.xs, unroll: -2) { c, x in (c + x, c) }
        let error = #expect(throws: TensorError.self) { try total.item(as: Int32.self) }
        #expect(error?.description.contains("unroll must be 0 or more, not -2") == true, "\(String(describing: error))")
    }
}
