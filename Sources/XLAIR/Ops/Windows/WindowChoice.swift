/// The cotangent of a windowed `max` or `min` with `select_and_scatter`'s
/// semantics, without `select_and_scatter` (XLA:CPU expands that into an
/// argmax reduce-window over iotas plus a scatter, 10-20 times slower):
///
/// 1. the operand is padded (and base-dilated) with the identity (`-inf`
///    for `max`), so padding competes like an element, as in XLA;
/// 2. each window tap `t` (row-major order) is a strided slice `x_t` of
///    the result's shape;
/// 3. a fold over the taps keeps a running choice `best`: tap `t` takes
///    over where `!(best >= x_t)` (`<=` for `min`), which is
///    `select_and_scatter`'s `ge` selection: the first maximum wins ties,
///    and a NaN is passed over the way XLA passes it over;
/// 4. the tap that took over last owns the window's cotangent: its mask is
///    "took over, and no later tap did", computed backwards;
/// 5. each tap's masked cotangent is padded back to the operand (offset
///    low, `stride - 1` interior) and the taps are summed in reverse order,
///    which adds overlapping windows' contributions in the order the
///    scatter does; padding is sliced away.
///
/// When windows tile the operand (stride equal to the window, no dilation,
/// no padding: the usual 2x2 stride-2 pool) the operand is reshaped to
/// `[..., out, k, ...]` instead, the taps are plain slices of that, and
/// the masked shares are concatenated back in place (no overlap, no sum),
/// the faster form (Docs/Pooling.md, "The max-pool gradient").
///
/// Everything is elementwise, `slice`, `reshape`, `concatenate` or `pad`,
/// so the gradient is itself differentiable with respect to the cotangent
/// (the masks are constant).
struct WindowChoice {
    let e: GradientEmitter
    let geometry: WindowGeometry
    /// `GE` for `max`, `LE` for `min`: when the running choice stays.
    let keepDirection: String
    /// The value padding and holes hold.
    let fill: Scalar

    init(_ e: GradientEmitter, _ geometry: WindowGeometry, kind: String) {
        self.e = e
        self.geometry = geometry
        let type = e.operands[0].type.elementType
        keepDirection = kind == "max" ? "GE" : "LE"
        fill = kind == "max" ? Reduce.lowest(type) : Reduce.highest(type)
    }

    /// The operand's cotangent.
    func operandCotangent() throws -> Value {
        try geometry.isTiling ? tilingCotangent() : generalCotangent()
    }

    /// Each tap's share of the cotangent: all of it where the tap owns its
    /// window, zero elsewhere.
    private func shares(_ slices: [Value]) throws -> [Value] {
        let cotangent = try e.cotangent()
        let zero = try e.zeros(cotangent.type)
        return try owners(wins(slices)).map { mask in try mask.map { try e.select($0, cotangent, zero) } ?? cotangent }
    }

    /// Overlapping, dilated or padded windows: strided slices of the padded
    /// operand, shares padded back and summed in reverse tap order.
    private func generalCotangent() throws -> Value {
        let x = e.operands[0]
        let padded = try pad(x)
        let shares = try shares(try geometry.taps.map { try tapSlice(padded, $0) })
        var total: Value?
        for (tap, share) in zip(geometry.taps, shares).reversed() {
            let placed = try padBack(share, tap: tap, to: padded.type.shape)
            total = try total.map { try e.add($0, placed) } ?? placed
        }
        return try unpad(total ?? e.zeros(x.type), to: x.type.shape)
    }

    /// Tiling windows: the operand (cropped to whole windows) reshaped to
    /// `[..., out, k, ...]`, one slice per tap, shares concatenated back.
    private func tilingCotangent() throws -> Value {
        let x = e.operands[0]
        let (output, window) = (e.results[0].type.shape, geometry.windowDimensions)
        let covered = zip(output, window).map(*)
        let cropped = covered == x.type.shape ? x : try e.apply(.slice, x, attributes: [
            "start_indices": .ints(covered.map { _ in 0 }), "limit_indices": .ints(covered),
            "strides": .ints(covered.map { _ in 1 }),
        ])
        // Each windowed dimension splits into (windows, taps); `tapAxes` are the taps' axes.
        let split = output.indices.flatMap { window[$0] > 1 ? [output[$0], window[$0]] : [output[$0]] }
        let tapAxes = output.indices.filter { window[$0] > 1 }.enumerated().map { $1 + $0 + 1 }
        let tiled = try e.reshape(cropped, split)
        let pieceShape = split.indices.map { tapAxes.contains($0) ? 1 : split[$0] }
        let slices = try geometry.taps.map { tap in
            let offsets = zip(output.indices.filter { window[$0] > 1 }, tapAxes).map { (tap[$0], $1) }
            var (starts, limits) = (split.map { _ in 0 }, split)
            for (offset, axis) in offsets { (starts[axis], limits[axis]) = (offset, offset + 1) }
            return try e.reshape(try e.apply(.slice, tiled, attributes: [
                "start_indices": .ints(starts), "limit_indices": .ints(limits), "strides": .ints(split.map { _ in 1 }),
            ]), output)
        }
        let pieces = try shares(slices).map { try e.reshape($0, pieceShape) }
        let joined = try e.reshape(try join(pieces[...], tapAxes: tapAxes[...], sizes: window.filter { $0 > 1 }[...]),
                                   covered)
        guard covered != x.type.shape else { return joined }
        return try e.apply(.pad, joined, try e.scalar(.int(0), joined.type.elementType), attributes: [
            "edge_padding_low": .ints(covered.map { _ in 0 }),
            "edge_padding_high": .ints(zip(x.type.shape, covered).map { $0 - $1 }),
            "interior_padding": .ints(covered.map { _ in 0 }),
        ])
    }

    /// Row-major pieces concatenated along the tap axes, outermost first;
    /// `sizes` are the window's sizes along those axes.
    private func join(_ pieces: ArraySlice<Value>, tapAxes: ArraySlice<Int>, sizes: ArraySlice<Int>) throws -> Value {
        guard let axis = tapAxes.first, let size = sizes.first else { return pieces[pieces.startIndex] }
        let count = pieces.count / size
        let groups = try stride(from: pieces.startIndex, to: pieces.endIndex, by: count).map { start in
            try join(pieces[start..<(start + count)], tapAxes: tapAxes.dropFirst(), sizes: sizes.dropFirst())
        }
        return try e.builder.append(.concatenate, groups, attributes: ["dimension": .int(axis)], location: e.location)[0]
    }

    /// The operand with holes and padding filled with the identity.
    private func pad(_ x: Value) throws -> Value {
        let interior = geometry.baseDilations.map { $0 - 1 }
        guard (geometry.paddingLow + geometry.paddingHigh + interior).contains(where: { $0 != 0 }) else { return x }
        return try e.apply(.pad, x, try e.scalar(fill, x.type.elementType), attributes: [
            "edge_padding_low": .ints(geometry.paddingLow), "edge_padding_high": .ints(geometry.paddingHigh),
            "interior_padding": .ints(interior),
        ])
    }

    /// The elements at window position `tap` of every window.
    private func tapSlice(_ padded: Value, _ tap: [Int]) throws -> Value {
        let output = e.results[0].type.shape
        let starts = tap.indices.map { tap[$0] * geometry.windowDilations[$0] }
        let limits = tap.indices.map { starts[$0] + (output[$0] - 1) * geometry.windowStrides[$0] + 1 }
        return try e.apply(.slice, padded, attributes: [
            "start_indices": .ints(starts), "limit_indices": .ints(limits), "strides": .ints(geometry.windowStrides),
        ])
    }

    /// Where each tap takes over the running choice (nil: everywhere, for
    /// the first tap).
    private func wins(_ slices: [Value]) throws -> [Value?] {
        var best = slices[0]
        var wins: [Value?] = [nil]
        for slice in slices.dropFirst() {
            let keep = try e.compare(best, keepDirection, slice)
            wins.append(try e.apply(.not, keep))
            best = try e.select(keep, best, slice)
        }
        return wins
    }

    /// Where each tap owns the window: it took over and no later tap did
    /// (nil: everywhere).
    private func owners(_ wins: [Value?]) throws -> [Value?] {
        var later: Value?  // nil: no later tap took over anywhere
        var owners: [Value?] = []
        for win in wins.reversed() {
            let notLater = try later.map { try e.apply(.not, $0) }
            switch (win, notLater) {
            case let (win?, notLater?): owners.append(try e.apply(.and, win, notLater))
            case let (win, notLater): owners.append(win ?? notLater)
            }
            if let win { later = try later.map { try e.apply(.or, $0, win) } ?? win }
        }
        return owners.reversed()
    }

    /// A tap's share placed back where its elements came from in the padded
    /// operand, zeros elsewhere.
    private func padBack(_ share: Value, tap: [Int], to padded: [Int]) throws -> Value {
        let output = share.type.shape
        let low = tap.indices.map { tap[$0] * geometry.windowDilations[$0] }
        let high = tap.indices.map { padded[$0] - low[$0] - (output[$0] - 1) * geometry.windowStrides[$0] - 1 }
        return try e.apply(.pad, share, try e.scalar(.int(0), share.type.elementType), attributes: [
            "edge_padding_low": .ints(low), "edge_padding_high": .ints(high),
            "interior_padding": .ints(geometry.windowStrides.map { $0 - 1 }),
        ])
    }

    /// The operand's elements of a padded, dilated cotangent.
    private func unpad(_ total: Value, to shape: [Int]) throws -> Value {
        guard total.type.shape != shape else { return total }
        let limits = shape.indices.map {
            geometry.paddingLow[$0] + Dilation.extent(of: shape[$0], by: geometry.baseDilations[$0])
        }
        return try e.apply(.slice, total, attributes: [
            "start_indices": .ints(geometry.paddingLow), "limit_indices": .ints(limits),
            "strides": .ints(geometry.baseDilations),
        ])
    }
}
