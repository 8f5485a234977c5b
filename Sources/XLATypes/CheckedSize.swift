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
    public static func product(_ factors: [Int]) -> CheckedSize {
        var (result, overflow) = (1, false)
        for factor in factors {
            if factor == 0 { return 0 }
            if !overflow { (result, overflow) = result.multipliedReportingOverflow(by: factor) }
        }
        return overflow ? .overflow : CheckedSize(result)
    }

    /// A step's result: overflowed when either operand or the step did.
    private static func step(_ lhs: CheckedSize, _ rhs: CheckedSize,
                             _ operation: (Int, Int) -> (partialValue: Int, overflow: Bool)) -> CheckedSize {
        guard let lhs = lhs.value, let rhs = rhs.value else { return .overflow }
        let (result, overflow) = operation(lhs, rhs)
        return overflow ? .overflow : CheckedSize(result)
    }

    /// The sum.
    public static func + (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        step(lhs, rhs) { $0.addingReportingOverflow($1) }
    }

    /// The difference.
    public static func - (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        step(lhs, rhs) { $0.subtractingReportingOverflow($1) }
    }

    /// The product.
    public static func * (lhs: CheckedSize, rhs: CheckedSize) -> CheckedSize {
        step(lhs, rhs) { $0.multipliedReportingOverflow(by: $1) }
    }

    /// The sum.
    public static func + (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs + CheckedSize(rhs) }
    /// The difference.
    public static func - (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs - CheckedSize(rhs) }
    /// The product.
    public static func * (lhs: CheckedSize, rhs: Int) -> CheckedSize { lhs * CheckedSize(rhs) }
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
