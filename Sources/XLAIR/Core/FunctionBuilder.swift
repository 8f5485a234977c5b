/// Appends type-checked instructions to a function under construction: the
/// interface a tracer uses.
///
/// ```swift
/// let builder = FunctionBuilder()
/// let x = builder.parameter(TensorType(.float32, [3]))
/// let y = try builder.apply(.exp, x)
/// let z = try builder.apply(.add, x, y)
/// let program = Program(functions: [builder.finish(returning: [z])])
/// ```
///
/// Regions (loop bodies, branches) are built between ``beginRegion(arguments:)``
/// and ``endRegion(returning:)``, or with ``region(arguments:_:)``; while one
/// is open, instructions go into it. Every append runs the op's rule, so a
/// mistake throws an ``IRError`` at once, naming the op and types.
public final class FunctionBuilder {
    /// The name the finished function gets.
    public let name: String
    private var open: [Region] = [Region()]
    private var donated: Set<Int> = []
    private var nextID = 0
    /// What ``append(_:_:attributes:regions:location:nameScope:)`` records
    /// for an instruction given no name scope (see ``withNameScope(_:_:)``).
    var defaultNameScope: String?
    /// The transformations whose emission is under way, in the order they
    /// began, each wrapping the scope of what is appended (see ``transformingNameScopes(by:_:)``).
    public internal(set) var nameScopeTransformations: [String] = []

    /// Creates a builder for a function named `name`.
    public init(name: String = "main") {
        self.name = name
    }

    /// The function's parameters so far.
    public var parameters: [Value] { open[0].arguments }

    /// The instructions appended so far, those of the open regions after
    /// the function's own: what a value visible at the next append can come from.
    public var instructions: [Instruction] { open.flatMap(\.instructions) }

    /// Adds a parameter to the function.
    public func parameter(_ type: TensorType, donated isDonated: Bool = false) -> Value {
        if isDonated { donated.insert(open[0].arguments.count) }
        let value = makeValue(type)
        open[0].arguments.append(value)
        return value
    }

    /// Appends an instruction and returns its results; `nameScope` (or, when
    /// nil, the scope ``withNameScope(_:_:)`` set) becomes its
    /// ``Instruction/nameScope``, wrapped in the transformations under way.
    ///
    /// - Throws: ``IRError`` when the op rejects the operands, attributes or
    ///   regions.
    @discardableResult
    public func append(_ op: Op, _ operands: [Value], attributes: Attributes = [:], regions: [Region] = [],
                       location: String? = nil, nameScope: String? = nil) throws -> [Value] {
        let context = InferenceContext(op: op.name, operandTypes: operands.map(\.type), attributes: attributes,
                                       regions: regions.map(\.signature), location: location)
        let results = try op.inferResultTypes(context).map(makeValue)
        var instruction = Instruction(op: op, operands: operands, attributes: attributes, results: results,
                                      regions: regions, location: location)
        instruction.nameScope = transformedNameScope(nameScope ?? defaultNameScope)
        open[open.count - 1].instructions.append(instruction)
        return results
    }

    /// Appends an instruction with exactly one result and returns it.
    ///
    /// - Throws: ``IRError`` as ``append(_:_:attributes:regions:location:)``
    ///   does, or when the op gives other than one result.
    public func apply(_ op: Op, _ operands: Value..., attributes: Attributes = [:], location: String? = nil) throws -> Value {
        let results = try append(op, operands, attributes: attributes, location: location)
        guard results.count == 1 else {
            throw IRError.invalidStructure(reason: "\(op.name) gives \(results.count) results, not one", location: location)
        }
        return results[0]
    }

    /// Appends a `constant` instruction.
    public func constant(_ literal: Literal, location: String? = nil) -> Value {
        // A constant's rule cannot fail: its type is the literal's.
        try! apply(.constant, attributes: ["value": .literal(literal)], location: location)
    }

    /// The instruction of the innermost open region that produced `value`,
    /// or nil where `value` comes from elsewhere (an argument, an outer
    /// region): lets a rule look at how a value it was given was made.
    public func definition(of value: Value) -> Instruction? {
        open[open.count - 1].instructions.last { $0.results.contains(value) }
    }

    /// Replaces `original`, an instruction of the innermost open region, by
    /// the instructions `build` appends, which go where it was: the last of
    /// them takes over its results, `build` returning, in `original`'s
    /// order, that instruction's results standing for them. The others
    /// (constants, initial values) may read only values defined before
    /// `original`. Lets a rule extend an instruction that later ones already
    /// read (a loop that must also stack what its pullback needs).
    ///
    /// - Throws: ``IRError/invalidStructure(reason:location:)`` when
    ///   `original` is not in the open region, or when `build` appends
    ///   nothing or returns other than results of its last instruction of
    ///   `original`'s types; any error `build` throws. Nothing is replaced
    ///   then.
    public func replace(_ original: Instruction, by build: () throws -> [Value]) throws {
        let region = open.count - 1
        guard let position = open[region].instructions.lastIndex(where: { $0.results == original.results }) else {
            throw IRError.invalidStructure(reason: "the \(original.op.name) to replace is not in the open region",
                                           location: original.location)
        }
        let start = open[region].instructions.count
        // The replacement stands for a forward instruction: outside the backward pass a rule may be emitting.
        let transformations = nameScopeTransformations.last == "transpose"
            ? Array(nameScopeTransformations.dropLast()) : nameScopeTransformations
        let standIns: [Value]
        do { standIns = try withNameScopeTransformations(transformations, build) } catch {
            open[region].instructions.removeSubrange(start...)
            throw error
        }
        var added = Array(open[region].instructions[start...])
        open[region].instructions.removeSubrange(start...)
        guard var last = added.popLast(), standIns.map(\.type) == original.resultTypes,
              standIns.allSatisfy(last.results.contains) else {
            throw IRError.invalidStructure(
                reason: "a replacement of \(original.op.name) must end in an instruction giving results of its types",
                location: original.location)
        }
        last.results = last.results.map { result in standIns.firstIndex(of: result).map { original.results[$0] } ?? result }
        open[region].instructions.replaceSubrange(position...position, with: added + [last])
    }

    /// Opens a region; instructions go into it until ``endRegion(returning:)``.
    /// Returns its arguments.
    public func beginRegion(arguments: [TensorType]) -> [Value] {
        let values = arguments.map(makeValue)
        open.append(Region(arguments: values))
        return values
    }

    /// Closes the innermost open region, which returns `values`.
    public func endRegion(returning values: [Value]) -> Region {
        precondition(open.count > 1, "endRegion without beginRegion")
        var region = open.removeLast()
        region.returns = values
        return region
    }

    /// Builds a region: `body` receives its arguments and returns its results.
    public func region(arguments: [TensorType], _ body: ([Value]) throws -> [Value]) rethrows -> Region {
        let values = beginRegion(arguments: arguments)
        do {
            return endRegion(returning: try body(values))
        } catch {
            _ = endRegion(returning: [])
            throw error
        }
    }

    /// The finished function, returning `values`.
    public func finish(returning values: [Value]) -> Function {
        precondition(open.count == 1, "finish with \(open.count - 1) region(s) still open")
        var body = open[0]
        body.returns = values
        return Function(name: name, body: body, donatedParameters: donated)
    }

    private func makeValue(_ type: TensorType) -> Value {
        defer { nextID += 1 }
        return Value(id: nextID, type: type)
    }
}
