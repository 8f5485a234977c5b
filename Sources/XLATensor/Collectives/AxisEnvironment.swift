/// The named axes of the `vmap`s being traced, innermost last: collectives
/// look their axis up here at trace time (its size shapes `allGather`'s
/// result; a name bound by no enclosing `vmap` is an error).
enum AxisEnvironment {
    /// The bound axes, outermost first.
    @TaskLocal static var axes: [(name: String, size: Int, index: Tensor)] = []

    /// `body` with `name` (if any) bound to an axis of `size`, whose
    /// example index (an int32 scalar, batched by `vmap`) is `index`.
    static func binding<T>(_ name: String?, size: Int, index: Tensor?, _ body: () throws -> T) rethrows -> T {
        guard let name, let index else { return try body() }
        return try $axes.withValue(axes + [(name, size, index)], operation: body)
    }

    /// The innermost axis called `name`, or nil when no
    /// enclosing `vmap` binds it.
    static func axis(_ name: String) -> (name: String, size: Int, index: Tensor)? {
        axes.last { $0.name == name }
    }
}
