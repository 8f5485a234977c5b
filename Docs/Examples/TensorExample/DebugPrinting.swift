// Printing values inside compiled code (Docs/Tensor.md, "Printing inside
// compiled code"): jax.debug.print as debugPrint.
import XLATensor

/// Prints from inside jit, a scan, grad and vmap, then captures the lines.
func debugPrintingExample() throws {
    let step = jit { (xs: Tensor) -> Tensor in
        debugPrint("xs={}", xs)                                   // xs=[1. 2. 3.]
        let (total, _) = scan(Tensor(Float(0)), xs) { (carry: Tensor, x: Tensor) -> (Tensor, Tensor) in
            debugPrint("carry={c} x={x}", named: ["c": carry, "x": x])   // once per step, in order
            return (carry + x, carry)
        }
        debugPrint("total={}", total)                             // total=6.0
        return total
    }
    _ = try step(Tensor([Float(1), 2, 3])).scalars(as: Float.self)

    let square = { (x: Tensor) -> Tensor in
        debugPrint("x={}", x)
        return (x * x).sum()
    }
    _ = try grad(square)(Tensor([Float(1), 2])).scalars(as: Float.self)   // x=[1. 2.], once: nothing backward
    _ = try vmap(square)(Tensor([[Float(1), 2], [3, 4]])).scalars(as: Float.self)   // x=[1. 2.] then x=[3. 4.]

    let lines = try DebugPrintOutput.capture { _ = try step(Tensor([Float(5)])).scalars(as: Float.self) }
    print(lines)   // ["xs=[5.]", "carry=0.0 x=5.0", "total=5.0"]
}
