import Checkpoints
import Testing
import XLATensor

/// `Tensor(bytes:dtype:shape:)` and `Tensor.bytes()`, the raw-data API the
/// checkpoint formats are built on.
@Suite struct TensorBytesTests {
    /// A tensor of every dtype, from typed Swift values, with values that
    /// show up any byte-order or width mistake.
    static func everyDType() -> [String: Tensor] {
        Configuration.withX64 {
            [
                "bool": Tensor([true, false, true], dtype: .bool),
                "int8": Tensor([Int8.min, -1, Int8.max], shape: [3], dtype: .int8),
                "int16": Tensor([Int16.min, 0x1234, Int16.max], shape: [3], dtype: .int16),
                "int32": Tensor([Int32.min, 0x1234_5678, Int32.max], shape: [3], dtype: .int32),
                "int64": Tensor([Int64.min, 0x1234_5678_9ABC_DEF0, Int64.max], shape: [3], dtype: .int64),
                "uint8": Tensor([UInt8(0), 0x7F, 0xFF], shape: [3], dtype: .uint8),
                "uint16": Tensor([UInt16(0), 0x1234, 0xFFFF], shape: [3], dtype: .uint16),
                "uint32": Tensor([UInt32(0), 0x1234_5678, 0xFFFF_FFFF], shape: [3], dtype: .uint32),
                "uint64": Tensor([UInt64(0), 0x1234_5678_9ABC_DEF0, .max], shape: [3], dtype: .uint64),
                "float16": Tensor([Float16(1.5), -.zero, .infinity, .leastNonzeroMagnitude], shape: [2, 2], dtype: .float16),
                "bfloat16": Tensor(bytes: [0x80, 0x3F, 0x20, 0xC0, 0x80, 0x7F, 0xC1, 0x7F], dtype: .bfloat16, shape: [4]),
                "float32": Tensor([Float(bitPattern: 0x7FC0_1234), -0.0, .leastNonzeroMagnitude, -.infinity, 0.1, 3],
                                  shape: [2, 3], dtype: .float32),
                "float64": Tensor([Double.pi, -.leastNonzeroMagnitude, .greatestFiniteMagnitude], shape: [3, 1], dtype: .float64),
                "scalar": Tensor(Float(2.5)),
                "empty": Tensor.zeros([0, 4]),
            ]
        }
    }

    @Test func everyDTypeIsCovered() {
        let dtypes = Set(Self.everyDType().values.map(\.dtype))
        #expect(dtypes == Set(ElementType.allCases))
    }

    @Test(arguments: everyDType().keys.sorted())
    func bytesRoundTrip(_ name: String) throws {
        let tensor = Self.everyDType()[name]!
        let bytes = try tensor.bytes()
        #expect(bytes.count == tensor.type.byteCount)
        let copy = Tensor(bytes: bytes, dtype: tensor.dtype, shape: tensor.shape)
        #expect(copy.type == tensor.type)
        #expect(try copy.bytes() == bytes)
    }

    @Test func bytesAreLittleEndianRowMajor() throws {
        let x = Tensor([Float(1), 2, 3, 4], shape: [2, 2])
        #expect(try x.bytes() == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40])
        let y = Tensor(bytes: [1, 0, 0, 0, 2, 0, 0, 0], dtype: .int32, shape: [2])
        #expect(try y.scalars(as: Int32.self) == [1, 2])
    }

    @Test func sixtyFourBitTypesAreKeptWithX64Off() throws {
        let x = Tensor(bytes: [1, 0, 0, 0, 0, 0, 0, 0x80], dtype: .int64, shape: [])
        #expect(x.dtype == .int64)
        #expect(try x.item(as: Int64.self) == Int64.min + 1)
    }

    @Test func deviceValuesAreRead() throws {
        let x = Tensor([Float(1), 2, 3], shape: [3])
        let y = x * 2  // computed on the device
        #expect(try y.bytes() == Tensor([Float(2), 4, 6], shape: [3]).bytes())
    }

    @Test func wrongByteCountPoisons() {
        let x = Tensor(bytes: [1, 2, 3], dtype: .float32, shape: [1])
        #expect(x.shape == [1])
        #expect(throws: TensorError.self) { try x.bytes() }
        #expect(throws: TensorError.self) { try Tensor(bytes: [], dtype: .float32, shape: [-1]).bytes() }
    }

    @Test func tracedTensorsCannotBeRead() throws {
        var failure: (any Error)?
        let f = jit { (x: Tensor) -> Tensor in
            do { _ = try x.bytes() } catch { failure = error }
            return x
        }
        _ = try f(Tensor([Float(1)], shape: [1]))
        guard case .concretization? = failure as? TensorError else {
            Issue.record("expected a concretization error, got \(String(describing: failure))")
            return
        }
    }
}
