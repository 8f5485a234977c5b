import XLATensor

/// Element types as safetensors and NumPy spell them.
enum DTypeNames {
    /// The safetensors name: `F32`, `BF16`, `I64`, `U8`, `BOOL`, ...
    static func safetensors(_ type: ElementType) -> String {
        switch type {
        case .bool: "BOOL"
        case .int8: "I8"
        case .int16: "I16"
        case .int32: "I32"
        case .int64: "I64"
        case .uint8: "U8"
        case .uint16: "U16"
        case .uint32: "U32"
        case .uint64: "U64"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .float32: "F32"
        case .float64: "F64"
        }
    }

    /// The element type of a safetensors dtype name, or nil for one not supported.
    static func elementType(safetensors name: String) -> ElementType? {
        ElementType.allCases.first { safetensors($0) == name }
    }

    /// The position of the type in safetensors' `Dtype` enumeration
    /// (BOOL < U8 < I8 < I16 < U16 < F16 < BF16 < I32 < U32 < F32 < F64 < I64 < U64);
    /// Python's writer orders tensors by it, largest first.
    static func rank(_ type: ElementType) -> Int {
        switch type {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        case .int16: 3
        case .uint16: 4
        case .float16: 5
        case .bfloat16: 6
        case .int32: 7
        case .uint32: 8
        case .float32: 9
        case .float64: 10
        case .int64: 11
        case .uint64: 12
        }
    }

    /// The element type of a NumPy type code without its byte-order mark
    /// (`f4`, `i8`, `u1`, `b1`, ...), or nil for one not supported.
    static func elementType(numpy code: Substring) -> ElementType? {
        switch code {
        case "b1", "?": .bool
        case "i1": .int8
        case "i2": .int16
        case "i4": .int32
        case "i8": .int64
        case "u1": .uint8
        case "u2": .uint16
        case "u4": .uint32
        case "u8": .uint64
        case "f2": .float16
        case "f4": .float32
        case "f8": .float64
        default: nil
        }
    }

    /// The NumPy `descr` of a type: `<f4`, `|u1`, `|b1`, ... (bfloat16 has
    /// none in plain NumPy; ml_dtypes stores it as `<V2`, which is ambiguous).
    static func numpy(_ type: ElementType) -> String? {
        switch type {
        case .bool: "|b1"
        case .int8: "|i1"
        case .int16: "<i2"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .uint32: "<u4"
        case .uint64: "<u8"
        case .float16: "<f2"
        case .bfloat16: nil
        case .float32: "<f4"
        case .float64: "<f8"
        }
    }
}
