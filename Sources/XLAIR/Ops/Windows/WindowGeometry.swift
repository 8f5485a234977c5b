/// The attributes of a windowed reduction read as numbers per dimension:
/// window sizes, strides, base and window dilations and edge padding, with
/// the sizes they imply.
struct WindowGeometry: Equatable {
    /// Elements per window in each dimension.
    var windowDimensions: [Int]
    /// How far consecutive windows move in each dimension.
    var windowStrides: [Int]
    /// Holes between input elements: `d - 1` between each pair.
    var baseDilations: [Int]
    /// Holes between window taps: `d - 1` between each pair.
    var windowDilations: [Int]
    /// Elements of the init value added before each dimension.
    var paddingLow: [Int]
    /// Elements of the init value added after each dimension.
    var paddingHigh: [Int]

    /// The attribute names, in schema order.
    static let attributeNames = ["window_dimensions", "window_strides", "base_dilations", "window_dilations",
                                 "padding_low", "padding_high"]

    /// Reads the attributes of an instruction: `window_dimensions` is
    /// required; absent optional ones are 1 (strides, dilations) or 0
    /// (padding) in each of its dimensions.
    init(_ attributes: AttributeReader) throws {
        windowDimensions = try attributes.ints("window_dimensions")
        let ones = Array(repeating: 1, count: windowDimensions.count), zeros = Array(repeating: 0, count: windowDimensions.count)
        windowStrides = try attributes.ints("window_strides", default: ones) ?? ones
        baseDilations = try attributes.ints("base_dilations", default: ones) ?? ones
        windowDilations = try attributes.ints("window_dilations", default: ones) ?? ones
        paddingLow = try attributes.ints("padding_low", default: zeros) ?? zeros
        paddingHigh = try attributes.ints("padding_high", default: zeros) ?? zeros
    }

    /// Every attribute, the defaults included.
    var attributes: Attributes {
        ["window_dimensions": .ints(windowDimensions), "window_strides": .ints(windowStrides),
         "base_dilations": .ints(baseDilations), "window_dilations": .ints(windowDilations),
         "padding_low": .ints(paddingLow), "padding_high": .ints(paddingHigh)]
    }

    /// The lists in schema order.
    var lists: [[Int]] {
        [windowDimensions, windowStrides, baseDilations, windowDilations, paddingLow, paddingHigh]
    }

    /// The geometry with one more leading dimension that has a window of 1:
    /// the batch dimension under `vmap`.
    var withLeadingDimension: WindowGeometry {
        var geometry = self
        geometry.windowDimensions.insert(1, at: 0)
        geometry.windowStrides.insert(1, at: 0)
        geometry.baseDilations.insert(1, at: 0)
        geometry.windowDilations.insert(1, at: 0)
        geometry.paddingLow.insert(0, at: 0)
        geometry.paddingHigh.insert(0, at: 0)
        return geometry
    }

    /// The extent of a dimension after base dilation and padding.
    private func paddedSize(_ size: Int, dimension: Int) -> CheckedSize {
        Dilation.checkedExtent(of: size, by: baseDilations[dimension]) + paddingLow[dimension] + paddingHigh[dimension]
    }

    /// The span one window covers in a dimension, of a geometry whose
    /// ``resultShape(_:)`` is known.
    func windowSpan(_ dimension: Int) -> Int {
        Dilation.extent(of: windowDimensions[dimension], by: windowDilations[dimension])
    }

    /// The result shape for an operand of `shape`: how many windows fit;
    /// nil when a padded, dilated size or a window's span overflows `Int`.
    func resultShape(_ shape: [Int]) -> [Int]? {
        shape.indices.map { dimension in
            let span = Dilation.checkedExtent(of: windowDimensions[dimension], by: windowDilations[dimension])
            guard let padded = paddedSize(shape[dimension], dimension: dimension).value, let span = span.value else {
                return CheckedSize.overflow
            }
            return CheckedSize(padded < span ? 0 : (padded - span) / windowStrides[dimension] + 1)
        }.values
    }

    /// Whether windows tile the operand exactly: stride equal to the window,
    /// no dilation, no padding.
    var isTiling: Bool {
        windowStrides == windowDimensions && (baseDilations + windowDilations).allSatisfy { $0 == 1 }
            && (paddingLow + paddingHigh).allSatisfy { $0 == 0 }
    }

    /// The window positions (one index per dimension) in row-major order:
    /// the order in which `select_and_scatter` visits a window.
    var taps: [[Int]] {
        windowDimensions.reduce(into: [[]]) { prefixes, size in
            prefixes = prefixes.flatMap { prefix in (0..<size).map { prefix + [$0] } }
        }
    }
}
