@testable import Haiku
import Testing

/// `toDot` and `abstractToDot` against Haiku's `to_dot` on the examples of
/// its "Visualization" guide (`Fixtures/visualization.json`): the same
/// clusters, nodes, labels, colours and edges in the same order; only the
/// ids differ (Haiku's are object addresses), and both are numbered in
/// order of appearance before comparing.
@Suite struct ToDotTests {
    let fixture: VisualizationFixture

    init() throws {
        fixture = try VisualizationFixture.load()
    }

    /// The guide's `f(a) = a + (sin(a) + cos(sin(a)))`: one argument used
    /// twice (a `(reuse)` node and hover styles), three operations and the
    /// output.
    @Test func plainFunctionMatchesHaiku() throws {
        let dot = try toDot({ (a: Tensor) -> Tensor in
            let b = sin(a)
            let c = cos(b)
            let d = b + c
            return a + d
        }, Tensor.ones([1]), name: "f")
        #expect(VisualizationFixture.normalized(dot) == fixture.dotPlain)
    }

    /// The guide's MLP `apply` (with tanh, see the fixture script), its
    /// parameters labelled by full name and clustered per module call.
    @Test func mlpApplyMatchesHaiku() throws {
        let x = Tensor.ones([8, 784])
        let (f, params) = try Self.tanhMLP(x)
        let dot = try toDot({ (params: Params, rng: PRNGKey?, x: Tensor) in try f.apply(params, rng: rng, x) },
                            params, nil, x, name: "apply_fn")
        #expect(VisualizationFixture.normalized(dot) == fixture.dotMLP)
    }

    /// `abstractToDot` takes inputs that have no values and draws the same graph.
    @Test func abstractInputsGiveTheSameGraph() throws {
        let x = Tensor.ones([8, 784])
        let (f, params) = try Self.tanhMLP(x)
        let apply = { (params: Params, x: Tensor) in try f.apply(params, x) }
        let abstractParams = params.mapTensors { Tensor(ShapeDtype(shape: $0.shape, dtype: $0.dtype)) }
        let abstract = try abstractToDot(apply, abstractParams, Tensor(ShapeDtype(shape: [8, 784], dtype: .float32)))
        #expect(abstract == (try toDot(apply, params, x)))
    }

    /// A method other than `__call__` is labelled with its name, as
    /// Haiku's `module (method)`, and operations outside modules stay in
    /// the root graph; a captured concrete tensor is drawn as such.
    @Test func methodNamesAndCaptures() throws {
        let offset = Tensor([1.0, 2.0, 3.0], dtype: .float32)
        let f = transform { (x: Tensor) in Encoder()(x) + offset }
        let x = Tensor.ones([2, 3])
        let params = try f.initialize(rng: PRNGKey(0), x)
        let dot = try toDot({ (params: Params, x: Tensor) in try f.apply(params, x) }, params, x)
        #expect(dot.contains("label = <<b>encoder</b>>;"))
        #expect(dot.contains("label = <<b>encoder (encode)</b>>;"))
        #expect(dot.contains("label = <<b>encoder/~encode/linear</b>>;"))
        #expect(dot.contains("capture") && dot.contains("<b>f32[3]</b>"))
        #expect(dot.contains("<b>output</b><br/><b>add</b><br/>f32[2,3]"))
    }

    /// A shape error inside the function is the operation's typed error,
    /// not a graph.
    @Test func anOperationErrorIsThrown() {
        #expect(throws: TensorError.self) {
            try toDot({ (x: Tensor) in matmul(x, x) }, Tensor.ones([2, 3]))
        }
    }

    @Test func labelsAreEscapedAsHTML() {
        #expect(DotWriter.escape(#"a<b>&"c'"#) == "a&lt;b&gt;&amp;&quot;c&#x27;")
        #expect(DotWriter.fontSize(depth: 3) == 38)
        #expect(DotWriter.fontSize(depth: 1) == 19)
    }

    /// The guide's MLP with tanh between layers, and its parameters from key 42.
    static func tanhMLP(_ x: Tensor) throws -> (Transformed<Tensor, Tensor>, Params) {
        let f = transform { (x: Tensor) in MLP([300, 100, 10], activation: { tanh($0) })(x) }
        return (f, try f.initialize(rng: PRNGKey(42), x))
    }

    /// A module whose `encode` makes a `Linear`; calling it runs `encode`.
    final class Encoder: Module {
        init() { super.init(name: "encoder") }

        func encode(_ x: Tensor) -> Tensor {
            method(x) { x in Linear(3)(x) }
        }

        func callAsFunction(_ x: Tensor) -> Tensor { method(x) { x in encode(x) } }
    }
}
