import XLATensor

/// A schedule starting at `initValue` and multiplied by a scale at each
/// boundary step (`optax.piecewise_constant_schedule`).
///
/// ```swift
/// // 0.1, then 0.05 from step 3, then 0.005 from step 6.
/// let schedule = piecewiseConstantSchedule(initValue: 0.1, boundariesAndScales: [3: 0.5, 6: 0.1])
/// ```
///
/// Scales must be non-negative; a negative one poisons the values, where
/// optax raises.
public func piecewiseConstantSchedule(initValue: Double, boundariesAndScales: [Int: Double] = [:]) -> Schedule {
    Schedule { count in
        if let negative = boundariesAndScales.values.first(where: { $0 < 0 }) {
            return Tensor(failure: .invalidTransformation(
                reason: "piecewiseConstantSchedule expects non-negative scale factors, not \(negative)", location: nil),
                type: TensorType(.float32, []))
        }
        var value = weak(initValue)
        for (threshold, scale) in boundariesAndScales.sorted(by: { $0.key < $1.key }) {
            // An int32 count never reaches a boundary above Int32.max and is always past one below Int32.min.
            guard let threshold = Int32(exactly: threshold) else {
                if threshold < 0 { value = scale * value }
                continue
            }
            let indicator = maximum(weak(0), sign(Tensor(threshold) - count).converted(to: .float32))
            value = value * indicator + (1 - indicator) * scale * value
        }
        return value
    }
}

/// `schedules` one after another: the first until `boundaries[0]`, the
/// second, counting from 0 again, until `boundaries[1]`, and so on
/// (`optax.join_schedules`; one boundary fewer than schedules).
///
/// ```swift
/// let schedule = joinSchedules([linearSchedule(initValue: 0, endValue: 0.1, transitionSteps: 10), 0.1],
///                              boundaries: [10])
/// ```
public func joinSchedules(_ schedules: [Schedule], boundaries: [Int]) -> Schedule {
    Schedule { count in
        guard let first = schedules.first, boundaries.count == schedules.count - 1 else {
            return Tensor(failure: .invalidTransformation(
                reason: "joinSchedules needs one boundary fewer than schedules, not \(boundaries.count) for \(schedules.count)",
                location: nil), type: TensorType(.float32, []))
        }
        var output = first(count)
        for (boundary, schedule) in zip(boundaries, schedules.dropFirst()) {
            let start = Tensor(Int32(boundary))
            output = select(count .< start, output, schedule(count - start))
        }
        return output
    }
}
