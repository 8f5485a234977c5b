extension Module {
    /// The module as StableHLO text that both tested CPU plugins compile:
    /// `main` as `func.func public @main`, other functions private, donated
    /// parameters marked `jax.buffer_donor = true`.
    ///
    /// The module should be verified (``Verifier``); effect ops must have
    /// been lowered away by their passes first.
    ///
    /// - Throws: ``IRError/notLowerable(op:reason:location:)`` for an op
    ///   without a lowering.
    public func stableHLO() throws -> String {
        var text = "module @\(name) {\n"
        for function in functions {
            text += try function.stableHLO(visibility: function.name == "main" ? "public" : "private")
        }
        text += "}\n"
        return text
    }
}

extension Function {
    /// The function as a StableHLO `func.func`.
    func stableHLO(visibility: String) throws -> String {
        var writer = StableHLOWriter()
        let parameters = body.arguments.enumerated().map { index, value in
            writer.name(value) + ": \(value.type)" + (donatedParameters.contains(index) ? " {jax.buffer_donor = true}" : "")
        }
        try writer.instructions(body.instructions)
        let returns = body.returns.isEmpty ? "" : " " + body.returns.map(writer.name).joined(separator: ", ")
            + " : " + body.returns.map(\.type.description).joined(separator: ", ")
        writer.line("func.return\(returns)")
        return "  func.func \(visibility) @\(name)(\(parameters.joined(separator: ", "))) -> ("
            + type.results.map(\.description).joined(separator: ", ") + ") {\n" + writer.text + "  }\n"
    }
}
