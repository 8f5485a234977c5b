extension Initializer where Self == Constant {
    /// Fills with zeros (Haiku's common `jnp.zeros` initializer): `init: .zeros`.
    public static var zeros: Constant { Constant(0) }

    /// Fills with ones (Haiku's common `jnp.ones` initializer): `init: .ones`.
    public static var ones: Constant { Constant(1) }

    /// Fills with a float (`hk.initializers.Constant`): `init: .constant(0.1)`.
    ///
    /// - Parameter value: the fill value.
    public static func constant(_ value: Double) -> Constant { Constant(value) }

    /// Fills with an integer (`hk.initializers.Constant`): `init: .constant(-5)`.
    ///
    /// - Parameter value: the fill value.
    public static func constant(_ value: Int) -> Constant { Constant(value) }

    /// Fills with a tensor broadcast to the shape (`hk.initializers.Constant`).
    ///
    /// - Parameter value: the fill value.
    public static func constant(_ value: Tensor) -> Constant { Constant(value) }
}
