import XLAIR

/// The per-device code a `shardMap` is tracing, so that `grad` inside it
/// differentiates as JAX's `shard_map` does: knowing which mesh axes each
/// traced value varies over (see ``ManualAxes``), a replicated parameter's
/// gradient is summed over the devices.
struct PerDeviceTrace {
    /// The innermost `shardMap`'s per-device code being traced; nil
    /// elsewhere and under `pmap`, whose gradients stay per device (JAX's
    /// `pmap` rule).
    @TaskLocal static var current: PerDeviceTrace?

    /// The trace of the per-device function.
    let trace: ObjectIdentifier
    /// The axes each of its parameters varies over, by id: an argument over
    /// the axes its spec splits it over, an axis index over its axis. Its
    /// other parameters (captured tensors) vary over none.
    let parameters: [Int: Set<String>]
    /// The mesh axes.
    let axisNames: [String]

    /// The mesh axes and what `arguments` vary over, for a gradient emitted
    /// into `trace` whose arguments are the values of `arguments` there.
    ///
    /// - Throws: the error of a poisoned axis index (none is expected).
    func manualAxes(emittingInto trace: TracingContext, arguments: [(value: Value, tensor: Tensor)], location: String?) throws -> ManualAxes {
        var analyses: [ObjectIdentifier: [Int: Set<String>]] = [:]
        // The rules may read any value of `trace`, not only the arguments.
        var known = analysis(of: trace, analyses: &analyses) ?? [:]
        for (value, tensor) in arguments {
            if let axes = varyingAxes(of: tensor, analyses: &analyses) { known[value.id] = axes }
        }
        let axes = try axisNames.compactMap { name -> ManualAxes.Axis? in
            guard let bound = AxisEnvironment.axis(name), let devices = bound.devices else { return nil }
            return ManualAxes.Axis(name: name, index: try trace.localValue(of: bound.index, location: location),
                                   sumAttributes: devices.added(to: ["axis_name": .string(name), "kind": .string("sum")]))
        }
        return ManualAxes(axes: axes, values: VaryingValues(axisNames: Set(axisNames), varying: known))
    }

    /// The axes `tensor` varies over (none for a concrete tensor), or nil
    /// where that is not known: a value of a trace nested in the per-device
    /// code whose parameters do not come from it (a `vmap`'s, an outer
    /// `grad`'s), or of no per-device code.
    private func varyingAxes(of tensor: Tensor, analyses: inout [ObjectIdentifier: [Int: Set<String>]]) -> Set<String>? {
        guard case let .traced(value, origin) = tensor.storage else { return [] }
        return analysis(of: origin, analyses: &analyses)?[value.id]
    }

    /// What the values of `trace` so far vary over, by id (those not known
    /// left out), or nil for a root trace that is not the per-device code;
    /// kept in `analyses`.
    private func analysis(of trace: TracingContext, analyses: inout [ObjectIdentifier: [Int: Set<String>]]) -> [Int: Set<String>]? {
        if let analysis = analyses[ObjectIdentifier(trace)] { return analysis }
        var known: [Int: Set<String>] = [:]
        if ObjectIdentifier(trace) == self.trace {
            for parameter in trace.builder.parameters { known[parameter.id] = parameters[parameter.id] ?? [] }
        } else if trace.parent != nil {
            for (parameter, outer) in trace.imported {
                if let axes = varyingAxes(of: outer, analyses: &analyses) { known[parameter.id] = axes }
            }
        } else {
            return nil
        }
        var values = VaryingValues(axisNames: Set(axisNames), varying: known)
        values.propagate(through: trace.builder.instructions)
        analyses[ObjectIdentifier(trace)] = values.varying
        return values.varying
    }
}
