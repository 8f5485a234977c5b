extension Program {
    /// The program as StableHLO text that both tested CPU plugins compile:
    /// `main` as `func.func public @main`, other functions private, donated
    /// parameters marked `jax.buffer_donor = true`; the ops lowered with
    /// `target`'s choices (``LoweringTarget``).
    ///
    /// The program should be verified (``Verifier``); effect ops must have
    /// been lowered away by their passes first.
    ///
    /// - Throws: ``IRError/notLowerable(op:reason:location:)`` for an op
    ///   without a lowering.
    public func stableHLO(for target: LoweringTarget = .xlaCPU) throws -> String {
        try stableHLO(annotating: MainAnnotations(), for: target)
    }

    /// ``stableHLO(for:)`` with `annotations` written into the program and onto
    /// `main`'s parameters and results.
    ///
    /// - Throws: as ``stableHLO(for:)``.
    public func stableHLO(annotating annotations: MainAnnotations, for target: LoweringTarget = .xlaCPU) throws -> String {
        var text = "module @\(name) {\n"
        for line in annotations.moduleLines { text += "  \(line)\n" }
        for function in functions {
            if function.name == "main", let manual = annotations.manual {
                text += try function.stableHLO(visibility: "private", annotations: MainAnnotations(), name: ManualComputation.bodyName,
                                           target: target)
                text += manual.main(calling: function, annotations: annotations)
            } else {
                text += try function.name == "main"
                    ? function.stableHLO(visibility: "public", annotations: annotations, target: target)
                    : function.stableHLO(visibility: "private", annotations: MainAnnotations(), target: target)
            }
        }
        text += "}\n"
        return text
    }
}

extension Function {
    /// The function as a StableHLO `func.func` (called `name`, its own name
    /// by default), with `annotations` on its parameters and results, its ops
    /// lowered for `target`.
    func stableHLO(visibility: String, annotations: MainAnnotations, name: String? = nil,
                   target: LoweringTarget) throws -> String {
        var writer = StableHLOWriter(target: target)
        let parameters = body.arguments.enumerated().map { index, value in
            let entries = (donatedParameters.contains(index) ? ["jax.buffer_donor = true"] : [])
                + (annotations.parameters[index].map { [$0] } ?? [])
            return writer.name(value) + ": \(value.type)" + (entries.isEmpty ? "" : " {\(entries.joined(separator: ", "))}")
        }
        let results = type.results.enumerated().map { index, type in
            type.description + (annotations.results[index].map { " {\($0)}" } ?? "")
        }
        try writer.instructions(body.instructions)
        let returns = body.returns.isEmpty ? "" : " " + body.returns.map(writer.name).joined(separator: ", ")
            + " : " + body.returns.map(\.type.description).joined(separator: ", ")
        writer.line("func.return\(returns)")
        return "  func.func \(visibility) @\(name ?? self.name)(\(parameters.joined(separator: ", "))) -> ("
            + results.joined(separator: ", ") + ") {\n" + writer.text + "  }\n"
    }
}
