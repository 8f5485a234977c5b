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
/// Everything is elementwise, `slice` or `pad`, so the gradient is itself
/// differentiable with respect to the cotangent (the masks are constant).
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
        let x = e.operands[0]
        let padded = try pad(x)
        let slices = try geometry.taps.map { try tapSlice(padded, $0) }
        let masks = try owners(wins(slices))
        let cotangent = try e.cotangent()
        let zero = try e.zeros(cotangent.type)
        var total: Value?
        for (tap, mask) in zip(geometry.taps, masks).reversed() {
            let share = try padBack(try mask.map { try e.select($0, cotangent, zero) } ?? cotangent, tap: tap,
                                    to: padded.type.shape)
            total = try total.map { try e.add($0, share) } ?? share
        }
        return try unpad(total ?? zero, to: x.type.shape)
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
            geometry.paddingLow[$0] + WindowGeometry.dilated(shape[$0], geometry.baseDilations[$0])
        }
        return try e.apply(.slice, total, attributes: [
            "start_indices": .ints(geometry.paddingLow), "limit_indices": .ints(limits),
            "strides": .ints(geometry.baseDilations),
        ])
    }
}
