/// The operations of one module method call (or of the whole function, at
/// the root), with the calls made inside it (Haiku's `to_dot` graph).
final class DotGraph {
    /// `mlp/~/linear_0`, `auto (encode)` for a method other than
    /// `__call__`, or the function's name at the root.
    let title: String
    /// The operations recorded directly in this call, in order.
    var nodes: [DotNode] = []
    /// Operand → operation edges of this call's operations: the operand as
    /// passed, and the identity of the operation's first result.
    var edges: [(from: Tensor, to: TensorIdentity)] = []
    /// The calls made inside this one, in the order they returned.
    var subgraphs: [DotGraph] = []

    init(title: String) {
        self.title = title
    }

    /// The nesting depth: 1 for a graph without subgraphs.
    var depth: Int { 1 + (subgraphs.map(\.depth).max() ?? 0) }
}

/// One recorded operation: its op's name and results; it is identified by
/// its first result, as in Haiku.
struct DotNode {
    let id: TensorIdentity
    let title: String
    let outputs: [Tensor]
}

/// Builds a ``DotGraph`` from the module method calls (a method hook) and
/// the operations (an operation observer) of one traced call.
final class DotRecorder {
    let root: DotGraph
    private var open: [DotGraph]

    init(title: String) {
        root = DotGraph(title: title)
        open = [root]
    }

    /// The method hook: the call's operations go to a subgraph of the
    /// graph open when it started.
    func hook(_ next: ([Any]) -> Any, _ arguments: [Any], _ context: MethodContext) -> Any {
        let name = context.module.moduleName
        let graph = DotGraph(title: context.methodName == "__call__" ? name : "\(name) (\(context.methodName))")
        open.append(graph)
        let result = next(arguments)
        open.removeLast()
        (open.last ?? root).subgraphs.append(graph)
        return result
    }

    /// The operation observer: the operation goes to the innermost open call.
    func observe(_ operation: ObservedOperation) {
        guard let id = operation.results.first?.identity else { return }
        let graph = open.last ?? root
        graph.nodes.append(DotNode(id: id, title: operation.name, outputs: operation.results))
        graph.edges += operation.operands.map { ($0, id) }
    }
}
