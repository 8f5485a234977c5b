import XLATypes

/// The type of an operand as JAX's promotion rules see it: an element type,
/// and whether it is weakly typed.
///
/// Swift number literals mixed with tensors are weakly typed, like Python
/// scalars in JAX: `x + 1` keeps `x`'s dtype, whatever integer or float
/// type it is.
public struct PromotionType: Hashable, Sendable, CustomStringConvertible {
    /// The element type.
    public var elementType: ElementType
    /// Whether the value is weakly typed (came from a literal).
    public var isWeak: Bool

    /// Creates a promotion type.
    public init(_ elementType: ElementType, weak isWeak: Bool = false) {
        self.elementType = elementType
        self.isWeak = isWeak && elementType != .bool
    }

    /// `float32`, or `float32 (weak)`.
    public var description: String { elementType.name + (isWeak ? " (weak)" : "") }
}

/// JAX's type promotion: the least upper bound in its promotion lattice,
/// with weak types for literals and 64-bit types narrowed to 32 bits unless
/// x64 is on.
///
/// The lattice, each type pointing to the types it promotes to directly:
/// `bool → int*`; `int* → uint8, int8`; `uint8 → int16, uint16`;
/// `uint16 → int32, uint32`; `uint32 → int64, uint64`; `uint64 → float*`;
/// `int8 → int16 → int32 → int64 → float*`; `float* → bfloat16, float16`;
/// `bfloat16, float16 → float32 → float64`, where `int*` and `float*` are
/// the weak integer and float types.
public enum TypePromotion {
    /// The result type of combining operands of these types (an elementwise
    /// binary op, `select`'s branches, `concatenate`, ...).
    ///
    /// The result is weak only when the least upper bound is itself a weak
    /// type (for example `bool` with an integer literal, or an integer
    /// tensor with a float literal).
    public static func resultType(_ types: [PromotionType], x64: Bool) -> PromotionType {
        precondition(!types.isEmpty, "resultType needs at least one operand type")
        let node = types.dropFirst().reduce(Node(types[0])) { leastUpperBound($0, Node($1)) }
        return node.promotionType(x64: x64)
    }

    /// Two-operand form of ``resultType(_:x64:)``.
    public static func resultType(_ lhs: PromotionType, _ rhs: PromotionType, x64: Bool) -> PromotionType {
        resultType([lhs, rhs], x64: x64)
    }

    /// The element type a tensor of `type` actually gets: 64-bit types are
    /// narrowed to their 32-bit counterparts unless x64 is on.
    public static func canonical(_ type: ElementType, x64: Bool) -> ElementType {
        if x64 { return type }
        switch type {
        case .int64: return .int32
        case .uint64: return .uint32
        case .float64: return .float32
        default: return type
        }
    }

    /// A lattice node: a strong element type, or a weak integer or float.
    private enum Node: Int, CaseIterable {
        case bool, uint8, uint16, uint32, uint64, int8, int16, int32, int64
        case bfloat16, float16, float32, float64, weakInt, weakFloat

        init(_ type: PromotionType) {
            if type.isWeak {
                self = type.elementType.isFloatingPoint ? .weakFloat : .weakInt
                return
            }
            switch type.elementType {
            case .bool: self = .bool
            case .uint8: self = .uint8
            case .uint16: self = .uint16
            case .uint32: self = .uint32
            case .uint64: self = .uint64
            case .int8: self = .int8
            case .int16: self = .int16
            case .int32: self = .int32
            case .int64: self = .int64
            case .bfloat16: self = .bfloat16
            case .float16: self = .float16
            case .float32: self = .float32
            case .float64: self = .float64
            }
        }

        /// The nodes this one promotes to directly.
        var successors: [Node] {
            switch self {
            case .bool: [.weakInt]
            case .weakInt: [.uint8, .int8]
            case .uint8: [.int16, .uint16]
            case .uint16: [.int32, .uint32]
            case .uint32: [.int64, .uint64]
            case .uint64, .int64: [.weakFloat]
            case .int8: [.int16]
            case .int16: [.int32]
            case .int32: [.int64]
            case .weakFloat: [.bfloat16, .float16]
            case .bfloat16, .float16: [.float32]
            case .float32: [.float64]
            case .float64: []
            }
        }

        func promotionType(x64: Bool) -> PromotionType {
            let strong: ElementType
            switch self {
            case .weakInt: return PromotionType(x64 ? .int64 : .int32, weak: true)
            case .weakFloat: return PromotionType(x64 ? .float64 : .float32, weak: true)
            case .bool: strong = .bool
            case .uint8: strong = .uint8
            case .uint16: strong = .uint16
            case .uint32: strong = .uint32
            case .uint64: strong = .uint64
            case .int8: strong = .int8
            case .int16: strong = .int16
            case .int32: strong = .int32
            case .int64: strong = .int64
            case .bfloat16: strong = .bfloat16
            case .float16: strong = .float16
            case .float32: strong = .float32
            case .float64: strong = .float64
            }
            return PromotionType(TypePromotion.canonical(strong, x64: x64))
        }
    }

    /// For each node, the set (bit mask) of nodes reachable from it, itself included.
    private static let upperBounds: [Int] = Node.allCases.map { start in
        var mask = 0
        var pending = [start]
        while let node = pending.popLast() {
            guard mask & (1 << node.rawValue) == 0 else { continue }
            mask |= 1 << node.rawValue
            pending += node.successors
        }
        return mask
    }

    private static func leastUpperBound(_ a: Node, _ b: Node) -> Node {
        let common = upperBounds[a.rawValue] & upperBounds[b.rawValue]
        // The least common upper bound is the one whose own upper bounds are all of them.
        return Node.allCases.first { common & (1 << $0.rawValue) != 0 && upperBounds[$0.rawValue] == common }!
    }
}
