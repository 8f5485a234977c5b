/// Several functions sharing one set of parameters and state
/// (`hk.multi_transform_with_state`), all taking one input type (a tree: use a struct or an array for several):
/// `initialize` runs the template,
/// which must create every parameter and state; `apply(i, ...)` runs function `i`.
///
/// Not `Sendable`: it keeps the user's closures.
public final class MultiTransformedWithState<Input: TensorTree, TemplateOutput: TensorTree, Output: TensorTree> {
    let template: TransformedWithState<Input, TemplateOutput>
    let functions: [TransformedWithState<Input, Output>]

    init(template: TransformedWithState<Input, TemplateOutput>,
         functions: [TransformedWithState<Input, Output>]) {
        self.template = template
        self.functions = functions
    }

    /// The parameters and initial state, made by running the template.
    public func initialize(rng: PRNGKey?, _ input: Input) throws -> (params: Params, state: State) {
        try template.initialize(rng: rng, input)
    }

    /// The number of functions.
    public var count: Int { functions.count }

    /// Applies function `index` (Haiku's `f.apply[index]`).
    public func apply(
        _ index: Int, _ params: Params, _ state: State, rng: PRNGKey? = nil, _ input: Input
    ) throws -> (output: Output, state: State) {
        try functions[index].apply(params, state, rng: rng, input)
    }
}

/// Several functions sharing one set of parameters (`hk.multi_transform`).
public final class MultiTransformed<Input: TensorTree, TemplateOutput: TensorTree, Output: TensorTree> {
    private let template: Transformed<Input, TemplateOutput>
    private let functions: [Transformed<Input, Output>]

    init(template: Transformed<Input, TemplateOutput>,
         functions: [Transformed<Input, Output>]) {
        self.template = template
        self.functions = functions
    }

    /// The parameters, made by running the template.
    public func initialize(rng: PRNGKey?, _ input: Input) throws -> Params {
        try template.initialize(rng: rng, input)
    }

    /// The number of functions.
    public var count: Int { functions.count }

    /// Applies function `index` (Haiku's `f.apply[index]`).
    public func apply(_ index: Int, _ params: Params, rng: PRNGKey? = nil, _ input: Input) throws -> Output {
        try functions[index].apply(params, rng: rng, input)
    }
}

/// Builds several functions that share modules (`hk.multi_transform`).
/// `makeFunctions` creates the modules and returns a template that uses all
/// of them (for `initialize`) and the functions to apply; it runs once per
/// trace, so each function sees fresh module instances with the same names.
///
/// ```swift
/// let autoencoder = multiTransform { () -> (template: (Tensor) -> Tensor, functions: [(Tensor) -> Tensor]) in
///     let encoder = Linear(1, name: "encoder"), decoder = Linear(1, name: "decoder")
///     return ({ decoder(encoder($0)) }, [{ encoder($0) }, { decoder($0) }])
/// }
/// let params = try autoencoder.initialize(rng: PRNGKey(42), x)
/// let code = try autoencoder.apply(0, params, x)      // encode
/// let decoded = try autoencoder.apply(1, params, code) // decode
/// ```
public func multiTransform<Input: TensorTree, TemplateOutput: TensorTree, Output: TensorTree>(
    _ makeFunctions: @escaping () -> (template: (Input) throws -> TemplateOutput,
                                      functions: [(Input) throws -> Output]),
    file: String = #fileID, line: Int = #line
) -> MultiTransformed<Input, TemplateOutput, Output> {
    let stateful = multiTransformWithState(makeFunctions, file: file, line: line)
    return MultiTransformed(template: Transformed(stateful.template), functions: stateful.functions.map { Transformed($0) })
}

/// Builds several functions that share modules and state
/// (`hk.multi_transform_with_state`); see ``multiTransform(_:file:line:)``.
public func multiTransformWithState<Input: TensorTree, TemplateOutput: TensorTree, Output: TensorTree>(
    _ makeFunctions: @escaping () -> (template: (Input) throws -> TemplateOutput,
                                      functions: [(Input) throws -> Output]),
    file: String = #fileID, line: Int = #line
) -> MultiTransformedWithState<Input, TemplateOutput, Output> {
    let place = location(file, line)
    // The number of functions, from one throwaway run of the builder.
    let count = Frame(isInitializing: true, rng: nil).run { makeFunctions().functions.count }
    let template = TransformedWithState<Input, TemplateOutput>(
        { (input: Input) in try makeFunctions().template(input) }, location: place)
    let functions = (0..<count).map { index in
        TransformedWithState<Input, Output>(
            { (input: Input) in try makeFunctions().functions[index](input) }, location: place)
    }
    return MultiTransformedWithState(template: template, functions: functions)
}
