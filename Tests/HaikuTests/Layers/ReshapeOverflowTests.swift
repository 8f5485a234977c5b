import Haiku
import Testing

/// `Reshape` to a shape whose size overflows `Int` fails with the reshape's
/// typed error instead of trapping while it infers the `-1` dimension.
@Suite struct ReshapeOverflowTests {
    @Test func anOverflowingOutputShapeIsAnError() {
        let f = transform { (x: Tensor) in Reshape(outputShape: [Int.max, 2, -1])(x) }
        let error = #expect(throws: (any Error).self) { try f.initialize(rng: PRNGKey(0), Tensor.zeros([2, 4])) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("cannot reshape [2, 4] (8 elements) to [2, 9223372036854775807, 2, 4]"))
    }
}
