import Testing
@testable import XLATensor

/// Swift `Int`/`UInt` values (literals included) that do not fit the
/// integer dtype they become are an error, as JAX's `OverflowError` for a
/// Python `int` (issue 17, item 7), instead of wrapping: with 64-bit types
/// off `5_000_000_000` does not fit `int32`. Sized Swift types (`Int64`)
/// are NumPy arrays to JAX, which wraps them, and are not checked.
@Suite struct IntegerLiteralOverflowTests {
    /// The error reading `tensor` throws.
    func readError(_ tensor: Tensor, sourceLocation: SourceLocation = #_sourceLocation) -> TensorError? {
        #expect(throws: TensorError.self, sourceLocation: sourceLocation) { try tensor.blockUntilReady() }
    }

    @Test func aLiteralBeyondInt32IsAnError() {
        let literal: Tensor = 5_000_000_000
        let error = readError(literal)
        #expect(error?.description.contains("5000000000 is out of bounds for int32") == true, "\(String(describing: error))")
        #expect(error?.description.contains("Configuration.withX64") == true)
    }

    @Test func int32BoundsAreThoseOfJAX() throws {
        // jnp.array(-2**31) is fine, jnp.array(2**31) raises.
        let lowest: Tensor = -2_147_483_648
        #expect(try lowest.scalars(as: Int32.self) == [Int32.min])
        let highest: Tensor = 2_147_483_647
        #expect(try highest.scalars(as: Int32.self) == [Int32.max])
        _ = readError(2_147_483_648 as Tensor)
        _ = readError(-2_147_483_649 as Tensor)
    }

    @Test func mixingAnOutOfRangeIntWithATensorIsAnError() {
        // jnp.add(x_int32, 5_000_000_000) and x_float32 + 5_000_000_000 both raise.
        let big = 5_000_000_000
        for x in [Tensor([1, 2] as [Int32]), Tensor([1.0, 2.0])] {
            #expect(readError(x + big)?.description.contains("out of bounds for int32") == true)
            #expect(readError(x * 5_000_000_000)?.description.contains("out of bounds for int32") == true)
        }
        // Inside jit the error is the trace's.
        let f = jit { (x: Tensor) in x + 5_000_000_000 }
        let error = #expect(throws: TensorError.self) { _ = try f(Tensor([1, 2] as [Int32])) }
        #expect(error?.description.contains("out of bounds for int32") == true)
    }

    @Test func anExplicitIntegerDTypeMustHoldTheValue() throws {
        // jnp.array(5e9, dtype=int32), jnp.array(300, dtype=uint8), jnp.array(-1, dtype=uint32) raise.
        let line = #line; let wide = Tensor(5_000_000_000, dtype: .int32)
        let error = readError(wide)
        #expect(error?.description.contains("IntegerLiteralOverflowTests.swift:\(line)") == true, "\(String(describing: error))")
        _ = readError(Tensor(300, dtype: .uint8))
        _ = readError(Tensor(-1, dtype: .uint32))
        _ = readError(Tensor([1, 128], dtype: .int8))
        _ = readError(Tensor(UInt(5_000_000_000)))
        // Values that fit, and float dtypes, are fine: jnp.array(5e9, dtype=float32).
        #expect(try Tensor(255, dtype: .uint8).scalars(as: UInt8.self) == [255])
        #expect(try Tensor([-128, 127], dtype: .int8).scalars(as: Int8.self) == [-128, 127])
        #expect(try Tensor(5_000_000_000, dtype: .float32).scalars(as: Float.self) == [5e9])
    }

    @Test func sixtyFourBitTypesHoldTheValue() throws {
        try Configuration.withX64(true) { () throws in
            let literal: Tensor = 5_000_000_000
            #expect(literal.dtype == .int64)
            #expect(try literal.scalars(as: Int64.self) == [5_000_000_000])
            #expect(try (Tensor([1] as [Int64]) + 5_000_000_000).scalars(as: Int64.self) == [5_000_000_001])
        }
    }

    @Test func sizedSwiftIntegersWrapAsNumPyArraysDoInJAX() throws {
        // jnp.asarray(np.int64(5e9)) with x64 off is 705032704.
        #expect(try Tensor(Int64(5_000_000_000)).scalars(as: Int32.self) == [705_032_704])
    }
}
