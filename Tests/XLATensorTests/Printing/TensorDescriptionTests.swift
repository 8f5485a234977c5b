import Testing
import XLATensor

/// Tensors print like NumPy (`description`) and JAX (`debugDescription`).
@Suite struct TensorDescriptionTests {
    @Test func hostAndDeviceValuesPrintLikeNumPyAndJAX() {
        let x = Tensor([[1.0, 2.5], [3, 4]])
        #expect(x.description == "[[1.  2.5]\n [3.  4. ]]")
        #expect((x * 1).debugDescription == "Array([[1. , 2.5],\n       [3. , 4. ]], dtype=float32)")
        #expect(Tensor([true, false]).description == "[ True False]")
        #expect(Tensor(Int32(7)).debugDescription == "Array(7, dtype=int32)")
    }

    @Test func tracedAndPoisonedTensorsSayWhatTheyAre() throws {
        let f = jit { (x: Tensor) -> Tensor in
            #expect(x.description == "Traced<float32[8,10]> (printing happens at trace time; use debugPrint)")
            #expect(x.sum().debugDescription == "Traced<float32[]> (printing happens at trace time; use debugPrint)")
            return x
        }
        _ = try f(Tensor.zeros([8, 10]))
        #expect((Tensor([1.0]) + Tensor([1.0, 2, 3]).reshaped([3, 1, 1, 1]).sum(axes: [7])).description
            .hasPrefix("<invalid tensor:"))
    }
}
