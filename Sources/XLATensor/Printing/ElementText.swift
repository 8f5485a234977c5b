import XLATypes

/// Builds the function that prints one element, given its row-major offset,
/// fitted (widths, notation) to the elements that will be shown.
enum ElementText {
    /// How an element is printed.
    enum Style {
        /// An element of an array with dimensions, padded to a common width: ` True`, `1. `.
        case inArray
        /// The element of a 0-d array inside `array2string` (JAX's repr): `True`, `1.`.
        case zeroDimensional
        /// The element of a 0-d array as NumPy's `str` prints it, the scalar's own text: `1.0`.
        case scalar
    }

    /// The printer for `values` of `elementType`, fitted to the elements at `shown`.
    static func printer(
        for values: FormattableValues, elementType: ElementType, shown: [Int], style: Style
    ) -> (Int) -> String {
        switch values {
        case .bools(let bools):
            let trueText = style == .inArray ? " True" : "True"
            return { bools[$0] ? trueText : "False" }
        case .integers(let integers):
            return rightAligned(integers, shown: shown)
        case .unsignedIntegers(let integers):
            return rightAligned(integers, shown: shown)
        case .floats(let floats):
            switch elementType {
            case .float16: return floatPrinter(floats, as: Float16.self, shown: shown, style: style)
            case .float32: return floatPrinter(floats, as: Float.self, shown: shown, style: style)
            case .bfloat16: return { FloatText.general(Float(floats[$0])) }
            default: return floatPrinter(floats, as: Double.self, shown: shown, style: style)
            }
        }
    }

    /// Integers right-aligned to the widest shown one.
    private static func rightAligned<I: BinaryInteger>(_ integers: [I], shown: [Int]) -> (Int) -> String {
        let width = shown.map { String(integers[$0]).count }.max() ?? 0
        return { String(integers[$0]).padded(toWidth: width) }
    }

    /// Floats printed in their own type `T`: NumPy's array layout, or its scalar `str`.
    private static func floatPrinter<T: BinaryFloatingPoint & CustomStringConvertible>(
        _ floats: [Double], as _: T.Type, shown: [Int], style: Style
    ) -> (Int) -> String {
        if style == .scalar { return { FloatText.scalar(T(floats[$0])) } }
        let formatter = FloatFormatter<T>(fitting: shown.map { T(floats[$0]) })
        return { formatter.format(T(floats[$0])) }
    }
}
