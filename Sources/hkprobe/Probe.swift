import Haiku

/// One probe: a public entry point called with bad input, and the outcome
/// JAX's behaviour asks for.
struct Probe: Sendable {
    /// What a probe's call can end in, short of killing the process.
    enum Outcome: String, Sendable {
        /// A thrown, typed error (`TensorError`, `HaikuError`, ...).
        case error
        /// A normal return (right where JAX returns a value too: NaN arithmetic, empty results).
        case value
    }

    /// `family/what`: unique, with no spaces or tabs.
    let name: String
    /// The outcome that is right for this input.
    let expected: Outcome
    /// Calls the entry point and reads every result it makes, so that a
    /// deferred (poisoned) error surfaces as a throw.
    let body: @Sendable () throws -> Void

    init(_ name: String, expect expected: Outcome, _ body: @escaping @Sendable () throws -> Void) {
        self.name = name
        self.expected = expected
        self.body = body
    }

    /// Runs the body: the outcome and a one-line description (the error's
    /// type and message, or nothing for a value).
    func run() -> (outcome: Outcome, detail: String) {
        do {
            try body()
            return (.value, "")
        } catch {
            let message = "\(type(of: error)): \(error)"
            return (.error, message.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
    }
}

/// Reads every element of `tensor` (as `float32`), so that a poisoned
/// tensor or a failed computation throws.
func read(_ tensor: Tensor) throws {
    _ = try tensor.converted(to: .float32).scalars(as: Float.self)
}

/// Reads every tensor of a tree.
func read<Tree: TensorTree>(tree: Tree) throws {
    _ = try tree.mapTensors { tensor in
        try read(tensor)
        return tensor
    }
}
