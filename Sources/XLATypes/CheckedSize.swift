/// An integer of shape arithmetic (sizes, products of dimensions, byte
/// sizes, padding, dilation, strides) whose every step is checked: a step
/// that overflows `Int` makes it overflowed instead of trapping, and it
/// stays so through later steps.
///
/// ```swift
/// let extent = (CheckedSize(size) - 1) * dilation + 1
/// guard let value = extent.value else { /* report the overflow */ }
/// ```
public struct CheckedSize: Hashable, Sendable, ExpressibleByIntegerLiteral {
    /// The value; nil once a step overflowed.
    public let value: Int?

    /// A value known not to have overflowed.
    public init(_ value: Int) {
        self.value = value
    }

    /// A literal value.
    public init(integerLiteral value: Int) {
        self.value = value
    }

    private init(overflowed: ()) {
        value = nil
    }

    /// The result of an overflow.
    public static let overflow = CheckedSize(overflowed: ())

    /// The product of `factors` (1 for none), e.g. the element count of a
    /// shape: 0 when a factor is 0, however large the others are.
    public static func product(_ factors: some Sequence<Int>) -> CheckedSize {
        var result = CheckedSize(1)
        for factor in factors {
            if factor == 0 { return 0 }
            result = result * factor
        }
        return result
    }

    /// The sum of `terms` (0 for none).
    public static func sum(_ terms: some Sequence<Int>) -> CheckedSize {
        terms.reduce(CheckedSize(0)) { $0 + $1 }
    }

    private static func combine(_ lhs: CheckedSize, _ rhs: CheckedSize,
                                _ step: (Int) -> (Int) -> (partialValue: Int, overflow: Bool)) -> CheckedSize {
        guard let lhs = lhs.value, let rhs = rhs.value else { return .overflow }
        let (result, overflow) = step(lhs)(rhs)
        return overflow ? .overflow : CheckedSize(result)
    }

    /// The sum.
    public static func + (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        combine(lhs, rhs, Int.addingReportingOverflow)
    }

    /// The difference.
    public static func - (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        combine(lhs, rhs, Int.subtractingReportingOverflow)
    }

    /// The product.
    public static func * (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        combine(lhs, rhs, Int.multipliedReportingOverflow)
    }

    /// The quotient rounded toward zero; overflowed for a zero divisor.
    public static func / (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        combine(lhs, rhs, Int.dividedReportingOverflow)
    }

    /// The sum.
    public static func + (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs + CheckedSize(rhs) }
    /// The difference.
    public static func - (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs - CheckedSize(rhs) }
    /// The product.
    public static func * (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs * CheckedSize(rhs) }
    /// The quotient rounded toward zero; overflowed for a zero divisor.
    public static func / (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs / CheckedSize(rhs) }
}

extension Array where Element == CheckedSize {
    /// Every value, or nil when one overflowed.
    public var values: [Int]? {
        var values: [Int] = []
        values.reserveCapacity(count)
        for size in self {
            guard let value = size.value else { return nil }
            values.append(value)
        }
        return values
    }
}
