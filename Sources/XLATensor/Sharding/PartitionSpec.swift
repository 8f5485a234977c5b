/// Which mesh axes split each dimension of an array
/// (`jax.sharding.PartitionSpec`): one entry per leading dimension, `nil`
/// for a dimension kept whole, an axis name, or several names (major to
/// minor) to split one dimension over all of them. Dimensions beyond the
/// entries are kept whole; an axis the spec does not name replicates.
///
/// ```swift
/// PartitionSpec("data", nil)          // rows over "data", columns whole
/// PartitionSpec(["data", "model"])    // rows over both axes
/// PartitionSpec()                     // replicated
/// ```
public struct PartitionSpec: Sendable, Hashable, CustomStringConvertible {
    /// One dimension's axes: none (whole), one or several mesh axes.
    public struct Dimension: Sendable, Hashable, ExpressibleByNilLiteral, ExpressibleByStringLiteral,
        ExpressibleByArrayLiteral {
        /// The mesh axes splitting this dimension, major to minor; empty when whole.
        public let axes: [String]

        /// A dimension kept whole.
        public init(nilLiteral: ()) { axes = [] }
        /// A dimension split over one axis.
        public init(stringLiteral axis: String) { axes = [axis] }
        /// A dimension split over several axes, major to minor.
        public init(arrayLiteral axes: String...) { self.axes = axes }
        /// A dimension split over `axes`, major to minor (none: whole).
        public init(_ axes: [String]) { self.axes = axes }
    }

    /// The entries, one per leading dimension.
    public let dimensions: [Dimension]

    /// A spec from entries, one per leading dimension.
    public init(_ dimensions: Dimension...) { self.dimensions = dimensions }

    /// A spec from an array of entries.
    public init(dimensions: [Dimension]) { self.dimensions = dimensions }

    /// `PartitionSpec("data", nil)`, as JAX prints `P('data', None)`.
    public var description: String {
        "PartitionSpec(" + dimensions.map { dimension in
            switch dimension.axes.count {
            case 0: "nil"
            case 1: "\"\(dimension.axes[0])\""
            default: "[" + dimension.axes.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            }
        }.joined(separator: ", ") + ")"
    }
}
