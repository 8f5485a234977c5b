// Tensors eagerly, then under jit, with control flow and derivatives.
// Built by `swift build` (and so by Scripts/test); run it with
// `swift run TensorExample`. See Docs/Tensor.md (and Docs/Scaling.md for Scaling.swift).
import XLATensor

do {
    let x = Tensor([[1.0, 2, 3], [4, 5, 6]])          // float32: x64 is off, as in JAX
    let y = x * 2 + 1                                   // literals are weakly typed: still float32
    print(try y.scalars(as: Float.self))                // [3.0, 5.0, 7.0, 9.0, 11.0, 13.0]

    let f = jit { (w: Tensor, x: Tensor) in tanh(matmul(x, w)).sum(axes: [-1]) }
    let w = Tensor([[0.1], [0.2], [0.3]])
    print(try f(w, x).scalars(as: Float.self))          // compiled once for these shapes
    print(try f.lower(w, x).irText)                     // the traced IR

    let (total, partials) = scan(Tensor(0.0), Tensor([1.0, 2, 3, 4])) { carry, x in (carry + x, carry + x) }
    print(try total.item(as: Float.self), try partials.scalars(as: Float.self))   // 10.0 [1.0, 3.0, 6.0, 10.0]

    let loss = { (w: Tensor) in (tanh(matmul(x, w)) * tanh(matmul(x, w))).sum() }
    let (value, gradient) = valueAndGrad(loss)(w)       // reverse mode, through the IR
    print(try value.item(as: Float.self), try gradient.scalars(as: Float.self))
    let hvp = jvp(grad(loss), w, Tensor([[1.0], [0], [0]])).tangent   // Hessian-vector product
    print(try hvp.scalars(as: Float.self))

    // A loop's state kept flat between steps: no tree walk per call (Docs/Tensor.md).
    let step = jit(donating: [0]) { (state: Flattened<[String: Tensor]>, x: Tensor) in
        let w = state.tree["w"]!
        return (Flattened(["w": w - 0.1 * x]), (x * w).sum())
    }
    var state = Flattened(["w": Tensor([1.0, 2])])
    for _ in 0..<3 { (state, _) = try step(state, Tensor([0.5, 0.5])) }
    print(try state.tree["w"]!.scalars(as: Float.self))   // [0.85, 1.85]

    try debugPrintingExample()                          // jax.debug.print inside jit, scan, grad, vmap

    let bad = x + Tensor([1.0, 2])                      // shapes [2, 3] and [2]: poisoned, no crash
    _ = try bad.scalars(as: Float.self)                 // throws, naming the op and the shapes
} catch {
    print("error: \(error)")
}

do {
    try runScalingExample()                             // Docs/Scaling.md
} catch {
    print("error: \(error)")
}
