import Testing
import XLATypes

@Suite struct TensorTypeTests {
    @Test func printsAndParsesStableHLOSpelling() {
        let type = TensorType(.float32, [2, 3])
        #expect(type.description == "tensor<2x3xf32>")
        #expect(TensorType(parsing: "tensor<2x3xf32>") == type)
        #expect(TensorType(parsing: " tensor<i1> ") == TensorType(.bool, []))
        #expect(TensorType(parsing: "tensor<0x4xui8>") == TensorType(.uint8, [0, 4]))
    }

    @Test func rejectsDynamicAndUnknownTypes() {
        #expect(TensorType(parsing: "tensor<?xf32>") == nil)
        #expect(TensorType(parsing: "tensor<2xc64>") == nil)
        #expect(TensorType(parsing: "tuple<tensor<f32>>") == nil)
        #expect(TensorType(parsing: "tensor<-1xf32>") == nil)
    }

    @Test func countsElementsAndBytes() {
        #expect(TensorType(.float64, []).elementCount == 1)
        #expect(TensorType(.bfloat16, [3, 0]).byteCount == 0)
        #expect(TensorType(.int16, [4, 5]).byteCount == 40)
    }

    /// An empty type whose other dimensions multiply past `Int` has no size
    /// problem and counts 0 (this trapped: the product overflowed before
    /// reaching the 0).
    @Test func emptyTypesWithHugeDimensionsCountZero() {
        let type = TensorType(.float32, [1 << 40, 1 << 40, 0])
        #expect(type.sizeProblem == nil)
        #expect(type.elementCount == 0 && type.byteCount == 0)
    }
}
