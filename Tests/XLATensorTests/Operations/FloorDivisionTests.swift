import Testing
import XLATensor

/// `floorDivide`, `remainder` and `divmod` against JAX 0.11.2 over grids of
/// signs, zeros, extremes, infinities and NaNs.
@Suite struct FloorDivisionTests {
    static let fixture = SortingEinsumFixture.shared

    @Test(arguments: fixture.division.indices)
    func floorDivisionAndRemainderMatchJAX(index: Int) throws {
        let c = Self.fixture.division[index]
        let operands = [try c.x.tensor(), try c.y.tensor()]
        for (how, outputs) in try eagerAndJIT(operands, { xy in
            let (quotient, modulus) = divmod(xy[0], xy[1])
            return [floorDivide(xy[0], xy[1]), remainder(xy[0], xy[1]), quotient, modulus]
        }) {
            try expectBits(outputs[0], c.floorDivide, "\(c.name) floorDivide \(how)")
            try expectBits(outputs[1], c.remainder, "\(c.name) remainder \(how)")
            try expectBits(outputs[2], c.divmodQuotient, "\(c.name) divmod quotient \(how)")
            try expectBits(outputs[3], c.divmodRemainder, "\(c.name) divmod remainder \(how)")
        }
    }

    @Test func literalsKeepTheTensorsDType() throws {
        let x = Tensor([Int32(7), -7, 0])
        #expect(floorDivide(x, 2).dtype == .int32)
        #expect(try floorDivide(x, 2).scalars(as: Int32.self) == [3, -4, 0])
        #expect(try floorDivide(Tensor([Float(7.5), -7.5]), 2).scalars(as: Float.self) == [3, -4])
        #expect(floorDivide(x, 2.5).dtype == .float32)
    }

    @Test func documentationExamples() throws {
        #expect(try floorDivide(Tensor([7, -7]), Tensor(2)).scalars(as: Int32.self) == [3, -4])
        #expect(try floorDivide(Tensor([7.5, -7.5]), Tensor(2.0)).scalars(as: Float.self) == [3, -4])
        let (quotient, remainder) = divmod(Tensor([7, -7]), Tensor(2))
        #expect(try quotient.scalars(as: Int32.self) == [3, -4])
        #expect(try remainder.scalars(as: Int32.self) == [1, 1])
    }

    @Test func badShapesAreTypedErrors() {
        expectError(floorDivide(Tensor([1.0, 2]), Tensor([1.0, 2, 3])), "cannot be broadcast together")
    }
}
