/// What the normalization modules share: Haiku's checks of the scale and
/// offset initializers and arguments, and the parameter shape from
/// `param_axis` (LayerNorm's and RMSNorm's rule).
enum Normalization {
    /// Haiku's constructor checks: an initializer for a parameter that is
    /// not created is a mistake.
    static func checkInitializers(createScale: Bool, scaleInit: (any Initializer)?,
                                  createOffset: Bool = true, offsetInit: (any Initializer)? = nil) throws(HaikuError) {
        if !createScale, scaleInit != nil {
            throw HaikuError.invalidArgument("Cannot set `scale_init` if `create_scale=False`", location: nil)
        }
        if !createOffset, offsetInit != nil {
            throw HaikuError.invalidArgument("Cannot set `offset_init` if `create_offset=False`", location: nil)
        }
    }

    /// Haiku's call-time checks: a scale or offset passed in while the
    /// module creates its own is a mistake.
    static func checkCallArguments(createScale: Bool, scale: Tensor?, createOffset: Bool, offset: Tensor?) throws(HaikuError) {
        if createScale, scale != nil {
            throw HaikuError.invalidArgument("Cannot pass `scale` at call time if `create_scale=True`", location: nil)
        }
        if createOffset, offset != nil {
            throw HaikuError.invalidArgument("Cannot pass `offset` at call time if `create_offset=True`", location: nil)
        }
    }

    /// The shape of a scale or offset over `paramAxis` of an input of
    /// `shape` (LayerNorm's and RMSNorm's rule): `[C]` when `paramAxis` is
    /// the last axis alone (Haiku keeps this shape for older checkpoints),
    /// otherwise `shape` with 1 on every other axis.
    static func parameterShape(_ shape: [Int], paramAxis: Axes) throws(HaikuError) -> [Int] {
        let axes = try paramAxis.wrapped(rank: shape.count)
        if axes == [shape.count - 1] { return [shape[shape.count - 1]] }
        return shape.indices.map { axes.contains($0) ? shape[$0] : 1 }
    }
}
