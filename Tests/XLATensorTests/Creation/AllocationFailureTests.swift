import Testing
import XLARuntime
import XLATensor

/// Memory that cannot be had is a `resourceExhausted` error the process
/// survives, never a crash inside Swift's or XLA's allocator.
@Suite struct AllocationFailureTests {
    /// 2⁴⁴ elements: a shape whose byte count fits in `Int` but no host holds.
    static let hugeCount: Int = 1 << 44

    /// The bytes a `resourceExhausted` error says it needed (-1 when it
    /// does not say), or nil when reading `tensor` fails otherwise or works.
    static func exhaustedBytes(reading tensor: Tensor) -> Int? {
        do {
            _ = try tensor.bytes()
            return nil
        } catch let TensorError.runtime(.resourceExhausted(bytes, _, _)) {
            return bytes ?? -1
        } catch {
            return nil
        }
    }

    @Test func creatingMoreThanTheHostHoldsIsResourceExhausted() {
        let count = Self.hugeCount
        #expect(Self.exhaustedBytes(reading: Tensor.zeros([count])) == (4 * count))
        #expect(Self.exhaustedBytes(reading: Tensor.ones([count, 1], dtype: .int32)) == (4 * count))
        #expect(Self.exhaustedBytes(reading: Tensor.full([count], 7, dtype: .float16)) == (2 * count))
        #expect(Self.exhaustedBytes(reading: Tensor.linspace(0, 1, count: count)) == (4 * count))
    }

    @Test func arangeOfMoreElementsThanAShapeHoldsIsAnError() {
        #expect(throws: TensorError.self) { try Tensor.arange(-1e308, 1e308, step: 1e-300).bytes() }
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1e19).bytes() }
    }

    /// Host staging asks for the element's own width (1 byte for `int8`,
    /// 2 for `bfloat16`), not 8 bytes an element.
    @Test func stagingTakesTheElementsWidth() {
        let count = Self.hugeCount
        #expect(Self.exhaustedBytes(reading: Tensor.arange(0, Double(count), dtype: .int8)) == count)
        #expect(Self.exhaustedBytes(reading: Tensor.arange(count, dtype: .bool)) == count)
        #expect(Self.exhaustedBytes(reading: Tensor.full([count], 1.5, dtype: .bfloat16)) == (2 * count))
        #expect(Self.exhaustedBytes(reading: Tensor.eye(1 << 22, dtype: .int8)) == count)
    }

    @Test func narrowStagedValuesAreExact() throws {
        #expect(try Tensor.arange(-2, 3, dtype: .int8).scalars(as: Int8.self) == [-2, -1, 0, 1, 2])
        #expect(try Tensor.full([3], 1.5, dtype: .bfloat16).scalars(as: BFloat16.self).map(\.floatValue) == [1.5, 1.5, 1.5])
        #expect(try Tensor.arange(0, 1, step: 0.25, dtype: .bfloat16).scalars(as: BFloat16.self).map(\.floatValue)
                == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.linspace(0, 1, count: 3, dtype: .float16).scalars(as: Float16.self) == [0, 0.5, 1])
        #expect(try Tensor.eye(2, 3, k: 1, dtype: .int8).scalars(as: Int8.self) == [0, 1, 0, 0, 0, 1])
        #expect(try Tensor([1.7, -2.2], dtype: .int16).scalars(as: Int16.self) == [1, -2])
    }

    /// A device computation whose result cannot be allocated fails with
    /// `resourceExhausted` (XLA CPU reports it when the program is
    /// launched); reading it throws that error, and printing it does not
    /// crash either.
    @Test func readingAResultTooLargeToComputeThrows() {
        let result = Tensor(Float(1)).broadcast(to: [Self.hugeCount])
        #expect(Self.exhaustedBytes(reading: result) == -1)
        #expect(throws: TensorError.self) { try result.scalars(as: Float.self) }
        #expect(throws: TensorError.self) { try result.bytes() }
        #expect(throws: TensorError.self) { try result.blockUntilReady() }
        #expect(!result.description.isEmpty)
    }
}
