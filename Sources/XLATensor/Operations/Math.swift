import XLAIR

// Elementwise functions of `jax.numpy` / `jax.lax`. Integer and bool inputs
// of float functions are promoted to a float type first, as in JAX.

/// `e^x`.
public func exp(_ x: Tensor) -> Tensor { x.floatUnary(.exp) }
/// `e^x - 1`, accurate near 0.
public func expm1(_ x: Tensor) -> Tensor { x.floatUnary(.expm1) }
/// The natural logarithm.
public func log(_ x: Tensor) -> Tensor { x.floatUnary(.log) }
/// `log(1 + x)`, accurate near 0.
public func log1p(_ x: Tensor) -> Tensor { x.floatUnary(.log1p) }
/// The square root.
public func sqrt(_ x: Tensor) -> Tensor { x.floatUnary(.sqrt) }
/// `x · x` (`jnp.square`), whose derivative is JAX's single term
/// `cotangent · (2x)`; `x * x` gives two terms, `cotangent · x` twice, which
/// round otherwise once added to the rest of a gradient. Written as `x²`
/// (`pow`), which XLA computes as `x · x`.
public func square(_ x: Tensor) -> Tensor { pow(x, Tensor(2, dtype: x.dtype)) }
/// `1 / sqrt(x)` (`lax.rsqrt`).
public func rsqrt(_ x: Tensor) -> Tensor { x.floatUnary(.rsqrt) }
/// The cube root.
public func cbrt(_ x: Tensor) -> Tensor { x.floatUnary(.cbrt) }
/// The hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor { x.floatUnary(.tanh) }
/// The logistic function `1 / (1 + e^-x)` (`lax.logistic`), computed and
/// differentiated as JAX does (see the IR op `Logistic`).
public func logistic(_ x: Tensor) -> Tensor { x.floatUnary(.logistic) }
/// The sine.
public func sin(_ x: Tensor) -> Tensor { x.floatUnary(.sin) }
/// The cosine.
public func cos(_ x: Tensor) -> Tensor { x.floatUnary(.cos) }
/// The tangent.
public func tan(_ x: Tensor) -> Tensor { x.floatUnary(.tan) }
/// The error function.
public func erf(_ x: Tensor) -> Tensor { x.floatUnary(.erf) }
/// The complementary error function `1 - erf(x)`, accurate where it is small.
public func erfc(_ x: Tensor) -> Tensor { x.floatUnary(.erfc) }
/// The inverse error function.
public func erfInv(_ x: Tensor) -> Tensor { x.floatUnary(.erfInv) }
/// Rounds down.
public func floor(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? x.unary(.floor) : x }
/// Rounds up.
public func ceil(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? x.unary(.ceil) : x }
/// Rounds to the nearest integer, halves to even (`jnp.round`).
public func round(_ x: Tensor) -> Tensor { x.dtype.isFloatingPoint ? x.unary(.roundNearestEven) : x }
/// Whether each element is neither infinite nor NaN.
public func isFinite(_ x: Tensor) -> Tensor {
    x.dtype.isFloatingPoint ? Tensor.apply(.isFinite, [x], fallback: TensorType(.bool, x.shape)) : Tensor.full(x.shape, true)
}
/// The absolute value.
public func abs(_ x: Tensor) -> Tensor { x.dtype.isUnsignedInteger || x.dtype == .bool ? x : x.unary(.abs) }
/// -1, 0 or 1 by sign (NaN stays NaN).
public func sign(_ x: Tensor) -> Tensor {
    if x.dtype.isUnsignedInteger || x.dtype == .bool { return x.converted(to: .bool).converted(to: x.dtype) }
    return x.unary(.sign)
}
/// The elementwise maximum, with broadcasting and dtype promotion.
public func maximum(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.max, x, y) }
/// The elementwise minimum, with broadcasting and dtype promotion.
public func minimum(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.min, x, y) }
/// `x` to the power `y`.
public func pow(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.pow, x, y) }
/// The angle of the point `(x, y)`: `atan2(y, x)`.
public func atan2(_ y: Tensor, _ x: Tensor) -> Tensor {
    Tensor.elementwise(.atan2, y.dtype.isFloatingPoint ? y : y.converted(to: .float32).weak(y.isWeak),
                       x.dtype.isFloatingPoint ? x : x.converted(to: .float32).weak(x.isWeak))
}
/// The next representable value after `x` towards `y`.
public func nextAfter(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.nextAfter, x, y) }
/// The remainder of truncating division, with the sign of `x` (`lax.rem`, C's `fmod`).
public func truncatingRemainder(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.rem, x, y) }
/// The remainder of floor division, with the sign of `y` (`jnp.remainder`,
/// Python's `%`); an integer remainder by zero is 0, as in JAX and NumPy.
/// Booleans divide as `int32`, as in JAX.
public func remainder(_ x: Tensor, _ y: Tensor) -> Tensor {
    let zero = Tensor(weak: 0)
    let (x, divisor, promoted) = numericOperands(x, y)
    let y = promoted.elementType.isInteger ? select(divisor .== zero, Tensor(weak: 1), divisor) : divisor
    let r = truncatingRemainder(x, y)
    let needsShift = (r .!= zero) & ((r .< zero) .!= (y .< zero))
    return select(needsShift, r + y, r).weak(promoted.isWeak)
}

/// Floor division (`jnp.floor_divide`, Python's `//`): the quotient rounded
/// towards negative infinity, with NumPy's signs (`-7 // 2 == -4`).
///
/// Integers divide as JAX does: XLA's truncating quotient, one less where
/// the signs differ and the division is inexact. Division by zero gives
/// JAX's values: `0 // 0 == -1` and `x // 0 == -2` for other signed `x`
/// (XLA's quotient by zero is -1), the largest value for unsigned types.
/// Floats use CPython's `float_divmod` formula, as JAX does:
/// `7.5 // 0 == inf`, `-0.5 // 2 == -1`, `1 // inf == 0`, `-1 // inf == -1`.
/// Booleans divide as `int32`, as in JAX (`True // False == -2`).
///
/// ```swift
/// floorDivide(Tensor([7, -7]), Tensor(2))        // [3, -4]
/// floorDivide(Tensor([7.5, -7.5]), Tensor(2.0))  // [3, -4]
/// ```
public func floorDivide(_ x: Tensor, _ y: Tensor) -> Tensor {
    let (x, y, type) = numericOperands(x, y)
    if type.elementType.isFloatingPoint { return floatDivmod(x, y).quotient.weak(type.isWeak) }
    let quotient = Tensor.elementwise(.div, x, y)
    if type.elementType.isUnsignedInteger { return quotient }
    let inexact = (sign(x) .!= sign(y)) & (truncatingRemainder(x, y) .!= Tensor(weak: 0))
    return select(inexact, quotient - Tensor(weak: 1), quotient)
}

/// The floor quotient and the remainder together (`jnp.divmod`, Python's
/// `divmod`): `(floorDivide(x, y), remainder(x, y))`, the float remainder
/// computed alongside the quotient as JAX does.
public func divmod(_ x: Tensor, _ y: Tensor) -> (quotient: Tensor, remainder: Tensor) {
    let (x, y, type) = numericOperands(x, y)
    guard type.elementType.isFloatingPoint else { return (floorDivide(x, y), remainder(x, y)) }
    let result = floatDivmod(x, y)
    return (result.quotient.weak(type.isWeak), result.remainder.weak(type.isWeak))
}

/// `x` and `y` converted to their promoted type, which is returned too;
/// `bool` becomes `int32` (JAX's `promote_dtypes_numeric`).
private func numericOperands(_ x: Tensor, _ y: Tensor) -> (Tensor, Tensor, PromotionType) {
    var type = TypePromotion.resultType(x.promotionType, y.promotionType, x64: Configuration.x64)
    if type.elementType == .bool { type = PromotionType(.int32) }
    return (x.converted(to: type.elementType).weak(x.isWeak), y.converted(to: type.elementType).weak(y.isWeak), type)
}

/// JAX's float floor quotient and remainder (CPython's `float_divmod`): the
/// remainder of truncating division moved to the divisor's sign, the exact
/// quotient of what is left, rounded half away from zero.
private func floatDivmod(_ x: Tensor, _ y: Tensor) -> (quotient: Tensor, remainder: Tensor) {
    let zero = Tensor(weak: 0)
    let modulus = truncatingRemainder(x, y)
    let quotient = select(y .== zero, x, x - modulus) / y
    let shift = (modulus .!= zero) & (sign(y) .!= sign(modulus))
    return (select(shift, quotient - Tensor(weak: 1.0), quotient).unary(.roundNearestAfz),
            select(shift, modulus + y, modulus))
}
