import Foundation
import Testing
@testable import Haiku

/// `Orthogonal` inside `transform` against real Haiku
/// (`Fixtures/orthogonal.json` from `Scripts/fixtures/linalg.py`:
/// `get_parameter('w', shape, float32, init=Orthogonal(scale, axis))`
/// initialized with `PRNGKey(42)` under `jax.jit`), within 1e-5: the
/// normal draw is bit-identical and the QR is LAPACK's up to rounding.
@Suite struct OrthogonalTests {
    struct Case: Decodable, Sendable {
        struct Values: Decodable, Sendable { let shape: [Int]; let values: [Double] }
        let shape: [Int]
        let scale: Double
        let axis: Int
        let value: Values
    }

    static let fixture = Result { try loadFixture("orthogonal", as: [String: Case].self) }

    static func initialize(_ shape: [Int], _ initializer: Orthogonal) throws -> Tensor {
        let params = try transform { parameter("w", shape: shape, init: initializer) }.initialize(rng: PRNGKey(42))
        return try #require(params["~"]?["w"])
    }

    @Test(arguments: ["square", "tall", "wide", "conv_axis_last", "conv_axis_first", "conv_axis_middle"])
    func matchesHaiku(_ name: String) throws {
        let c = try #require(try Self.fixture.get()[name])
        let value = try Self.initialize(c.shape, Orthogonal(scale: c.scale, axis: c.axis))
        #expect(value.shape == c.shape && value.dtype == .float32)
        let actual = try value.scalars(as: Float.self)
        #expect(actual.count == c.value.values.count)
        for (index, (a, e)) in zip(actual, c.value.values).enumerated() {
            #expect(Swift.abs(Double(a) - e) <= 1e-5, "\(name)[\(index)]: \(a), expected \(e)")
        }
    }

    @Test func everyFixtureCaseIsTested() throws {
        #expect(try Self.fixture.get().count == 6)
    }

    @Test(arguments: [([5, 3], -1), ([3, 5], -1), ([2, 3, 4], 0), ([2, 3, 4], 1)])
    func rowsOrColumnsAreOrthonormal(shape: [Int], axis: Int) throws {
        let value = try Self.initialize(shape, Orthogonal(scale: 2, axis: axis))
        let rows = shape[(axis + shape.count) % shape.count]
        let columns = shape.reduce(1, *) / rows
        var order = Array(shape.indices)
        order.swapAt(0, (axis + shape.count) % shape.count)
        // The output dimension first (a transpose that keeps the other axes' order
        // only up to a permutation of columns, which keeps orthonormality).
        let matrix = value.transposed(order).reshaped([rows, columns])
        let gram = rows <= columns ? matmul(matrix, matrix.transposed()) : matmul(matrix.transposed(), matrix)
        let size = Swift.min(rows, columns)
        let expected = (0..<size * size).map { $0 % (size + 1) == 0 ? 4.0 : 0 }
        for (a, e) in zip(try gram.scalars(as: Float.self), expected) {
            #expect(Swift.abs(Double(a) - e) <= 1e-5)
        }
    }

    @Test(arguments: [
        ([3], -1, "Orthogonal needs a shape of rank 2 or more, not [3]"),
        ([2, 3], 2, "Orthogonal needs an axis of a non-empty dimension of [2, 3], not 2"),
        ([0, 3], 0, "Orthogonal needs an axis of a non-empty dimension of [0, 3], not 0"),
    ])
    func initializeThrowsTheReason(shape: [Int], axis: Int, reason: String) {
        #expect(throws: HaikuError.invalidArgument(reason, location: nil)) {
            try transform { parameter("w", shape: shape, init: Orthogonal(axis: axis)) }.initialize(rng: PRNGKey(42))
        }
    }

    @Test func rejectsAFloatTypeQRLacks() {
        #expect(throws: (any Error).self) {
            try transform { parameter("w", shape: [2, 2], dtype: .float16, init: Orthogonal()) }.initialize(rng: PRNGKey(42))
        }
    }
}
