/// A function: a body region whose arguments are its parameters and whose
/// returns are its results.
public struct Function: Sendable {
    /// The function's name; the entry point is `main`.
    public var name: String
    /// The body.
    public var body: Region
    /// Indices of parameters whose buffers the compiled program may reuse
    /// (emitted as `jax.buffer_donor = true`).
    public var donatedParameters: Set<Int>
    /// The next unused value id.
    public private(set) var nextValueID: Int

    /// Creates a function; fresh ids start after the largest id in `body`.
    public init(name: String, body: Region, donatedParameters: Set<Int> = []) {
        self.name = name
        self.body = body
        self.donatedParameters = donatedParameters
        var largest = body.arguments.map(\.id).max() ?? -1
        body.forEachInstruction { instruction in
            for value in instruction.results { largest = max(largest, value.id) }
            for region in instruction.regions {
                for value in region.arguments { largest = max(largest, value.id) }
            }
        }
        nextValueID = largest + 1
    }

    /// The parameters.
    public var parameters: [Value] { body.arguments }

    /// The parameter and result types.
    public var type: FunctionType {
        FunctionType(parameters: body.arguments.map(\.type), results: body.returns.map(\.type))
    }

    /// A new value of `type` with an id unused in this function.
    public mutating func makeValue(_ type: TensorType) -> Value {
        defer { nextValueID += 1 }
        return Value(id: nextValueID, type: type)
    }
}

/// Parameter and result types of a function.
public struct FunctionType: Hashable, Sendable {
    /// The parameter types.
    public var parameters: [TensorType]
    /// The result types.
    public var results: [TensorType]

    /// Creates a function type.
    public init(parameters: [TensorType], results: [TensorType]) {
        self.parameters = parameters
        self.results = results
    }
}

/// A program: functions, one of them `main`, the entry point.
public struct Program: Sendable {
    /// The module's name (printed as `module @name`).
    public var name: String
    /// The functions, `main` usually first.
    public var functions: [Function]

    /// Creates a program.
    public init(name: String = "main", functions: [Function]) {
        self.name = name
        self.functions = functions
    }

    /// The function of a name, or nil.
    public func function(named name: String) -> Function? {
        functions.first(where: { $0.name == name })
    }
}
