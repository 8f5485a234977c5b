import XLAIR

/// What a gather or scatter does with an index out of bounds (JAX's
/// `mode=` strings and `GatherScatterMode`).
///
/// Defaults are JAX 0.11.2's: `x[i]` and `x.at[i].get()` use
/// `promiseInBounds`; `take` and `takeAlongAxis` use `fill`;
/// `x.at[i].set/add/...` use `drop`.
public enum GatherScatterMode: Sendable {
    /// Each index is clamped so its whole block fits (`"clip"`).
    case clip
    /// A gathered block that does not fit is filled with the fill value
    /// (`"fill"`: NaN for floats, the lowest signed integer, the largest
    /// unsigned integer, `true`), the same mode as ``drop``.
    case fill
    /// A scattered update that does not fit is skipped (`"drop"`), the same
    /// mode as ``fill``.
    case drop
    /// No check: XLA clamps gathered blocks and skips scattered updates
    /// that do not fit (`"promise_in_bounds"`).
    case promiseInBounds
}

extension Tensor {
    /// A gather whose indices are checked by `mode`: clamped before it
    /// (`clip`), or its blocks masked with `fillValue` after it (`fill`,
    /// `drop`). Indices are `[..., k]` (index vector last).
    func gathered(_ indices: Tensor, _ dims: GatherDimensions, resultShape: [Int], mode: GatherScatterMode,
                  fillValue: Double?, location: String?) -> Tensor {
        let clamped = mode == .clip ? indices.clampedToBlocks(of: shape, sliceSizes: dims.sliceSizes, map: dims.startIndexMap) : indices
        let result = Tensor.apply(.gather, [self, clamped], attributes: dims.attributes, location: location,
                                  fallback: TensorType(dtype, resultShape)).weak(isWeak)
        guard mode == .fill || mode == .drop else { return result }
        let inBounds = indices.blocksInBounds(of: shape, sliceSizes: dims.sliceSizes, map: dims.startIndexMap)
        let batchDims = (0..<result.rank).filter { !dims.offsetDims.contains($0) }
        let mask = Tensor.apply(.broadcastInDim, [inBounds], attributes: [
            "shape": .ints(result.shape), "broadcast_dimensions": .ints(batchDims),
        ], location: location, fallback: TensorType(.bool, result.shape))
        return select(mask, result, Tensor.fill(fillValue, dtype: dtype)).weak(isWeak)
    }

    /// A scatter whose indices are clamped first under `clip`; other modes
    /// skip windows that do not fit (XLA's scatter). Indices are `[..., k]`.
    func scattered(_ indices: Tensor, _ updates: Tensor, _ dims: ScatterDimensions, mode: GatherScatterMode,
                   location: String?) -> Tensor {
        let sizes = dims.windowSizes(operandRank: rank, updates: updates.shape)
        let clamped = mode == .clip ? indices.clampedToBlocks(of: shape, sliceSizes: sizes, map: dims.scatterDimsToOperandDims) : indices
        return Tensor.apply(.scatter, [self, clamped, updates.converted(to: dtype)], attributes: dims.attributes,
                            location: location, fallback: type).weak(isWeak)
    }

    /// The largest start of a block along each index component (the IR's
    /// ``IndexVectors/largestStarts(operandShape:sliceSizes:map:)``, which
    /// the IR's `clip` and `fill` rules use too).
    private func upperBounds(of shape: [Int], sliceSizes: [Int], map: [Int]) -> Tensor {
        Tensor(IndexVectors.largestStarts(operandShape: shape, sliceSizes: sliceSizes, map: map).map(Int64.init), dtype: dtype)
    }

    /// Index vectors (last axis) clamped so each block fits.
    func clampedToBlocks(of shape: [Int], sliceSizes: [Int], map: [Int]) -> Tensor {
        minimum(maximum(self, Tensor(0, dtype: dtype)), upperBounds(of: shape, sliceSizes: sliceSizes, map: map))
    }

    /// For each index vector (last axis), whether its block fits unclamped.
    func blocksInBounds(of shape: [Int], sliceSizes: [Int], map: [Int]) -> Tensor {
        ((self .>= Tensor(0, dtype: dtype)) & (self .<= upperBounds(of: shape, sliceSizes: sliceSizes, map: map)))
            .all(axes: [rank - 1])
    }

    /// Negative positions counted from the end of an axis of `size`
    /// (`where(i < 0, i + size, i)`); unsigned indices are unchanged.
    func positionsFromEnd(size: Int) -> Tensor {
        guard dtype.isSignedInteger else { return self }
        return select(self .< Tensor(0, dtype: dtype), self + Tensor(Int64(size), dtype: dtype), self)
    }

    /// The fill value of JAX's `fill` mode for `dtype`, or `value` converted.
    static func fill(_ value: Double?, dtype: ElementType) -> Tensor {
        if let value { return Tensor(value).converted(to: dtype) }
        let scalar: Scalar = if dtype.isFloatingPoint {
            .float(.nan)
        } else if dtype.isSignedInteger {
            .int(Int64.min >> Int64(64 - 8 * dtype.byteCount))
        } else if dtype == .bool {
            .bool(true)
        } else {
            .uint(UInt64.max >> UInt64(64 - 8 * dtype.byteCount))
        }
        return Tensor(.host(HostValue(Literal.splat(scalar, as: TensorType(dtype, [])))), type: TensorType(dtype, []))
    }
}
