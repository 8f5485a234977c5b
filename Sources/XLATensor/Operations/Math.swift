import XLAIR

/// Elementwise `e^x`.
public func exp(_ x: Tensor) -> Tensor { x.floatUnary(.exp) }
/// Elementwise natural logarithm.
public func log(_ x: Tensor) -> Tensor { x.floatUnary(.log) }
/// Elementwise hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor { x.floatUnary(.tanh) }
/// Elementwise square root.
public func sqrt(_ x: Tensor) -> Tensor { x.floatUnary(.sqrt) }
/// Elementwise absolute value.
public func abs(_ x: Tensor) -> Tensor { x.unary(.abs) }
/// Elementwise maximum, with broadcasting and dtype promotion.
public func maximum(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.max, x, y) }
/// Elementwise minimum, with broadcasting and dtype promotion.
public func minimum(_ x: Tensor, _ y: Tensor) -> Tensor { Tensor.elementwise(.min, x, y) }
