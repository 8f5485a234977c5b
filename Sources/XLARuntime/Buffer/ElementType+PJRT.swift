import CXLA
import XLATypes

extension ElementType {
    /// The PJRT buffer type of this element type.
    var pjrtType: PJRT_Buffer_Type {
        switch self {
        case .bool: PJRT_Buffer_Type_PRED
        case .int8: PJRT_Buffer_Type_S8
        case .int16: PJRT_Buffer_Type_S16
        case .int32: PJRT_Buffer_Type_S32
        case .int64: PJRT_Buffer_Type_S64
        case .uint8: PJRT_Buffer_Type_U8
        case .uint16: PJRT_Buffer_Type_U16
        case .uint32: PJRT_Buffer_Type_U32
        case .uint64: PJRT_Buffer_Type_U64
        case .float16: PJRT_Buffer_Type_F16
        case .bfloat16: PJRT_Buffer_Type_BF16
        case .float32: PJRT_Buffer_Type_F32
        case .float64: PJRT_Buffer_Type_F64
        }
    }
}
