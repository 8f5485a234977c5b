// The parameters-printing and evalShape examples of Docs/Haiku.md, compiled with the package.
import Haiku

/// Parameters print and iterate sorted, as JAX prints them; `evalShape` of
/// `initialize` gives their shapes without computing anything.
func paramsAndShapesExample() throws {
    let f = transform { (x: Tensor) in Linear(2, wInit: Constant(0.5))(x) }
    let params = try f.initialize(rng: PRNGKey(42), Tensor.ones([1, 3]))
    print(params)   // {'linear': {'b': Array([0., 0.], dtype=float32), 'w': Array([[0.5, 0.5], ...
    for (module, bundle) in params { print(module, bundle.keys) }   // linear ["b", "w"]
    let shapes = try evalShape({ try f.initialize(rng: $0, $1) }, PRNGKey(42), Tensor(ShapeDtype(shape: [8, 3], dtype: .float32)))
    print(shapes)   // {'linear': {'b': ShapeDtype(shape: [2], dtype: float32), 'w': ShapeDtype(shape: [3, 2], dtype: float32)}}
}
