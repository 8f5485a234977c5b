import XLATypes

/// Why a `jit` function compiled: what differs between this call's
/// arguments and those of the function's previous compile. Arguments and
/// leaves are counted from 0; a leaf's index is its position in the
/// argument's ``TensorTree/leaves``.
public enum CompileCause: Sendable, Hashable, CustomStringConvertible {
    /// The function's first compile.
    case newFunction
    /// A leaf's shape changed (its dtype is the same).
    case newShape(argument: Int, leaf: Int, from: TensorType, to: TensorType)
    /// A leaf's dtype changed.
    case newDtype(argument: Int, leaf: Int, from: TensorType, to: TensorType)
    /// A leaf changed between weakly typed (a Swift literal) and strongly typed.
    case newWeakType(argument: Int, leaf: Int, isWeak: Bool)
    /// A ``Static`` value in an argument changed (each side as written).
    case newStaticArgument(argument: Int, from: String, to: String)
    /// An argument's tree structure changed (another count of elements,
    /// other dictionary keys, nil instead of a value).
    case newStructure(argument: Int, from: String, to: String)
    /// The same arguments as an earlier compile whose executable the
    /// function no longer holds (beyond its `cacheCapacity`, or `clearCache()`).
    case recompiled
    /// An operation run eagerly (outside any trace) with operands of these
    /// types for the first time: each (op, attributes, operand types) is a
    /// program of its own, kept by the eager cache (``EagerCache``).
    case eagerOperation(op: String, operandTypes: [TensorType])

    /// One line naming the change, e.g. `new shape: argument 0, leaf 1: tensor<2xf32> -> tensor<3xf32>`.
    public var description: String {
        switch self {
        case .newFunction: "new function"
        case let .newShape(argument, leaf, from, to): "new shape: argument \(argument), leaf \(leaf): \(from) -> \(to)"
        case let .newDtype(argument, leaf, from, to): "new dtype: argument \(argument), leaf \(leaf): \(from) -> \(to)"
        case let .newWeakType(argument, leaf, isWeak):
            "new weak type: argument \(argument), leaf \(leaf) is now \(isWeak ? "weakly" : "strongly") typed"
        case let .newStaticArgument(argument, from, to): "new static argument: argument \(argument): \(from) -> \(to)"
        case let .newStructure(argument, from, to): "new structure: argument \(argument): \(from) -> \(to)"
        case .recompiled: "recompiled: the same arguments as an earlier compile, no longer held by the function"
        case let .eagerOperation(op, operandTypes):
            "eager operation \(op)(\(operandTypes.map(\.description).joined(separator: ", ")))"
        }
    }

    /// The cause of compiling for `current` after the function last compiled
    /// for `previous` (nil: never).
    init(previous: [ArgumentSignature]?, current: [ArgumentSignature]) {
        guard let previous else {
            self = .newFunction
            return
        }
        for (index, (old, new)) in zip(previous, current).enumerated() where old != new {
            self = Self.difference(argument: index, old, new)
            return
        }
        self = .recompiled
    }

    private static func difference(argument: Int, _ old: ArgumentSignature, _ new: ArgumentSignature) -> CompileCause {
        if old.structure != new.structure {
            let (oldStatics, newStatics) = (old.staticValues, new.staticValues)
            if old.structureWithoutStatics == new.structureWithoutStatics,
               let changed = zip(oldStatics, newStatics).first(where: { $0 != $1 }) {
                return .newStaticArgument(argument: argument, from: changed.0, to: changed.1)
            }
            return .newStructure(argument: argument, from: old.structure, to: new.structure)
        }
        for (leaf, (before, after)) in zip(old.leaves, new.leaves).enumerated() where before != after {
            if before.type.elementType != after.type.elementType {
                return .newDtype(argument: argument, leaf: leaf, from: before.type, to: after.type)
            }
            if before.type != after.type {
                return .newShape(argument: argument, leaf: leaf, from: before.type, to: after.type)
            }
            return .newWeakType(argument: argument, leaf: leaf, isWeak: after.isWeak)
        }
        return .recompiled
    }
}

/// One argument of a `jit` call as compiling sees it: its structure (with
/// its ``Static`` values) and each leaf's type and weak flag.
struct ArgumentSignature: Equatable {
    /// A leaf's type and weak flag.
    struct Leaf: Equatable {
        let type: TensorType
        let isWeak: Bool
    }

    /// The argument's ``TensorTree/appendStructure(to:)`` text.
    let structure: String
    /// Its leaves in order.
    let leaves: [Leaf]

    /// The signature of an argument that is one (sharded) tensor of `type`.
    init(tensorOf type: TensorType) {
        structure = ""
        leaves = [Leaf(type: type, isWeak: false)]
    }

    init<Argument: TensorTree>(_ argument: Argument) {
        var structure = ""
        argument.appendStructure(to: &structure)
        self.structure = structure
        leaves = argument.leaves.map { Leaf(type: $0.type, isWeak: $0.isWeak) }
    }

    /// The values of the ``Static`` parts of the structure (each written
    /// `static(Type:value:hash);`), as `Type value`, in order.
    var staticValues: [String] {
        staticRanges.map { range in
            let text = structure[range].dropFirst("static(".count).dropLast(");".count)
            guard let typeEnd = text.firstIndex(of: ":"), let hashStart = text.lastIndex(of: ":"), typeEnd < hashStart else {
                return String(text)
            }
            return "\(text[..<typeEnd]) \(text[text.index(after: typeEnd)..<hashStart])"
        }
    }

    /// The structure with each ``Static`` part replaced by `static;`.
    var structureWithoutStatics: String {
        var text = structure
        for range in staticRanges.reversed() { text.replaceSubrange(range, with: "static;") }
        return text
    }

    /// Where the `static(...);` parts are: each runs to the next `);`.
    private var staticRanges: [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var searchStart = structure.startIndex
        while let start = structure[searchStart...].firstRange(of: "static(")?.lowerBound,
              let end = structure[start...].firstRange(of: ");")?.upperBound {
            ranges.append(start..<end)
            searchStart = end
        }
        return ranges
    }
}
