import Haiku
import Testing

@Test func haikuReexportsTensor() {
    #expect(Tensor.zeros([2]).shape == [2])
}
