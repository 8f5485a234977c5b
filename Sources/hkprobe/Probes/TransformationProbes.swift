import Haiku

/// vmap, jit and control flow with mismatched axes, shapes and predicates.
let transformationProbes: [Probe] = [
    Probe("vmap/axis-out-of-range", expect: .error) { try read(vmap({ (x: Tensor) in x * 2 }, inAxes: 3)(Tensor([1.0, 2]))) },
    Probe("vmap/scalar-input", expect: .error) { try read(vmap({ (x: Tensor) in x * 2 })(Tensor(1.0))) },
    Probe("vmap/axis-size-mismatch", expect: .error) {
        try read(vmap({ (x: Tensor) in x * 2 }, axisSize: 5)(Tensor([1.0, 2])))
    },
    Probe("vmap/out-axis-out-of-range", expect: .error) {
        try read(vmap({ (x: Tensor) in x * 2 }, outAxes: 7)(Tensor([1.0, 2])))
    },
    Probe("vmap/in-axes-count-mismatch", expect: .error) {
        try read(vmap({ (x: Tensor) in x * 2 }, inAxes: [0, 0, 0])(Tensor([1.0, 2])))
    },
    Probe("vmap/axis-size-zero", expect: .value) { try read(vmap({ (x: Tensor) in x * 2 })(Tensor.zeros([0, 3]))) },
    Probe("jit/throwing-body", expect: .error) {
        struct Refused: Error {}
        try read(jit { (_: Tensor) throws -> Tensor in throw Refused() }(Tensor(1.0)))
    },
    Probe("jit/poisoned-inside", expect: .error) {
        try read(jit { (x: Tensor) in x + Tensor([1.0, 2, 3]) }(Tensor([1.0, 2])))
    },
    Probe("jit/donating-out-of-range", expect: .error) {
        try read(jit(donating: [5]) { (x: Tensor) in x * 2 }(Tensor([1.0, 2])))
    },
    Probe("jit/read-traced-value", expect: .error) {
        try read(jit { (x: Tensor) throws -> Tensor in
            _ = try x.scalars(as: Float.self)
            return x
        }(Tensor([1.0])))
    },
    Probe("control/cond-non-scalar-predicate", expect: .error) {
        try read(cond(Tensor([true, false]), { Tensor(1.0) }, { Tensor(2.0) }))
    },
    Probe("control/cond-mismatched-branches", expect: .error) {
        try read(cond(Tensor(true), { Tensor(1.0) }, { Tensor([2.0, 3]) }))
    },
    Probe("control/while-non-boolean-condition", expect: .error) {
        try read(whileLoop(Tensor(0.0), condition: { $0 }, body: { $0 + 1 }))
    },
    Probe("control/while-body-changes-shape", expect: .error) {
        try read(whileLoop(Tensor(0.0), condition: { $0 .< 3 }, body: { $0.broadcast(to: [2]) }))
    },
    Probe("control/scan-length-mismatch", expect: .error) {
        try read(scan(Tensor(0.0), Tensor([1.0, 2]), length: 5) { carry, x in (carry + x, x) }.0)
    },
    Probe("control/scan-negative-length", expect: .error) {
        try read(scan(Tensor(0.0), Tensor([1.0, 2]), length: -1) { carry, x in (carry + x, x) }.0)
    },
    Probe("control/scan-carry-changes-dtype", expect: .error) {
        try read(scan(Tensor(0.0), Tensor([1, 2])) { carry, x in (x, x) }.0)
    },
]
