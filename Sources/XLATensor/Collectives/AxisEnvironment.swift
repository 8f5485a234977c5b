import XLAIR

/// The named axes being traced, innermost last: those of the enclosing
/// `vmap`s and the mesh axes of an enclosing `shardMap`. Collectives look
/// their axis up here at trace time (its size shapes `allGather`'s result;
/// a name bound by neither is an error).
enum AxisEnvironment {
    /// A bound axis: its name and size, the current example's or device's
    /// index along it (an int32 scalar: batched by `vmap`, read from the
    /// device's shard of an iota under `shardMap`), and, for a mesh axis,
    /// the devices its collectives combine.
    struct Axis {
        let name: String
        let size: Int
        let index: Tensor
        let devices: DeviceGroups?
    }

    /// The bound axes, outermost first.
    @TaskLocal static var axes: [Axis] = []

    /// `body` with `name` (if any) bound to an axis of `size`, whose
    /// index is `index`; `devices` when it is a mesh axis.
    static func binding<T>(_ name: String?, size: Int, index: Tensor?, devices: DeviceGroups? = nil,
                           _ body: () throws -> T) rethrows -> T {
        guard let name, let index else { return try body() }
        return try $axes.withValue(axes + [Axis(name: name, size: size, index: index, devices: devices)], operation: body)
    }

    /// The innermost axis called `name`, or nil when no enclosing `vmap` or
    /// `shardMap` binds it.
    static func axis(_ name: String) -> Axis? {
        axes.last { $0.name == name }
    }
}
