import Foundation
import Testing
import NumericsSupport
@testable import XLAIR

/// "Adding an op" (Docs/Architecture.md) enforced: every op constant is a
/// registered built-in, states how it differentiates and batches, and reads
/// its attributes through one typed configuration that rejects a missing or
/// mistyped attribute with an error naming the op and the attribute.
@Suite struct OpRegistrationTests {
    /// `Sources/XLAIR`.
    static let sources = FixtureFiles.repositoryRoot().appendingPathComponent("Sources/XLAIR")

    /// The Swift names of every `static let name = Op(...)` in `Sources/XLAIR`.
    static func declaredConstants() throws -> [String] {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let pattern = try NSRegularExpression(pattern: #"static let (\w+) = Op\("#)
        return try files.flatMap { file in
            let text = try String(contentsOf: file, encoding: .utf8)
            return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
                Range(match.range(at: 1), in: text).map { String(text[$0]) }
            }
        }
    }

    @Test func everyOpConstantIsListedInBuiltinOps() throws {
        let declared = try Self.declaredConstants()
        let listing = try String(contentsOf: Self.sources.appendingPathComponent("Ops/BuiltinOps.swift"), encoding: .utf8)
        let unlisted = declared.filter { !listing.contains(".\($0),") }
        #expect(unlisted.isEmpty, "op constants missing from BuiltinOps.all: \(unlisted)")
        #expect(declared.count == BuiltinOps.all.count)
    }

    @Test func everyBuiltinIsFoundByItsUniqueName() {
        let names = BuiltinOps.all.map(\.name)
        #expect(Set(names).count == names.count)
        for op in BuiltinOps.all { #expect(OpRegistry.op(named: op.name) == op) }
    }

    @Test(arguments: BuiltinOps.all.map(\.name))
    func everyBuiltinStatesItsStance(name: String) throws {
        let definition = try #require(OpRegistry.op(named: name)).definition
        if case let .notDifferentiable(reason) = definition.differentiability { #expect(!reason.isEmpty) }
        if case let .notBatchable(reason) = definition.batching { #expect(!reason.isEmpty) }
    }

    /// Decodes `attributes` as `op`'s configuration.
    static func decode<Definition: ConfiguredOp>(_ op: Definition, _ attributes: Attributes) throws {
        _ = try op.configuration(attributes, at: "test")
    }

    /// The error decoding `attributes` for the op named `name` throws, or nil.
    static func decodingError(_ name: String, _ attributes: Attributes) throws -> IRError? {
        let definition = try #require(OpRegistry.op(named: name)).definition
        let configured = try #require(definition as? any ConfiguredOp, "\(name) has attributes but no configuration")
        do { try decode(configured, attributes) } catch let error as IRError { return error }
        return nil
    }

    static let attributed = BuiltinOps.all.filter { !$0.definition.attributeSchema.isEmpty }.map(\.name)

    @Test(arguments: attributed)
    func aMissingAttributeIsNamed(name: String) throws {
        let schema = try #require(OpRegistry.op(named: name)).definition.attributeSchema
        let required = Set(schema.filter(\.isRequired).map(\.name))
        let error = try Self.decodingError(name, [:])
        guard !required.isEmpty else { return #expect(error == nil, "\(name) needs none of its attributes") }
        guard case let .invalidAttribute(op, attribute, reason, location)? = error else {
            Issue.record("\(name) decoded without its required attributes: \(String(describing: error))")
            return
        }
        #expect(op == name && required.contains(attribute) && reason == "it is required" && location == "test")
    }

    @Test(arguments: attributed)
    func aMistypedAttributeIsNamed(name: String) throws {
        let schema = try #require(OpRegistry.op(named: name)).definition.attributeSchema
        var attributes: Attributes = [:]
        for spec in schema { attributes[spec.name] = spec.kind == .bool ? .int(1) : .bool(true) }
        guard case let .invalidAttribute(op, attribute, reason, _)? = try Self.decodingError(name, attributes) else {
            Issue.record("\(name) decoded attributes of the wrong kinds")
            return
        }
        let spec = schema.first { $0.name == attribute }
        #expect(op == name && spec.map { reason == "expected \($0.kind.rawValue)" } == true)
    }

    @Test func elementwiseFunctionsEachHaveOneOp() {
        let unary = BuiltinOps.all.compactMap { ($0.definition as? UnaryElementwise)?.function }
        let binary = BuiltinOps.all.compactMap { ($0.definition as? BinaryElementwise)?.function }
        #expect(unary.count == UnaryFunction.allCases.count && Set(unary) == Set(UnaryFunction.allCases))
        #expect(binary.count == BinaryFunction.allCases.count && Set(binary) == Set(BinaryFunction.allCases))
    }

    /// Ops whose lowering reads an attribute, the number of `f32[2, 2]`
    /// operands they are given, and the attribute their decoding reads first.
    static let lowerings: [(op: Op, operands: Int, attribute: String)] = [
        (.transpose, 1, "permutation"), (.reverse, 1, "dimensions"), (.broadcastInDim, 1, "shape"),
        (.concatenate, 2, "dimension"), (.iota, 0, "shape"), (.constant, 0, "value"), (.dynamicSlice, 1, "slice_sizes"),
        (.sort, 1, "dimension"), (.reduce, 1, "dimensions"), (.argmax, 1, "dimension"), (.compare, 2, "direction"),
        (.slice, 1, "start_indices"), (.pad, 2, "edge_padding_low"), (.reduceWindow, 1, "kind"),
        (.triangularSolve, 2, "left_side"), (.gather, 2, "offset_dims"), (.scatter, 3, "update_window_dims"),
        (.debugPrint, 1, "format"), (.shardingConstraint, 1, "sharding"), (.allReduce, 2, "axis_name"),
        (.allGather, 2, "axis_name"), (.reduceScatter, 2, "axis_name"), (.collectivePermute, 2, "axis_name"),
    ]

    /// Lowering an instruction built without the attributes (bypassing the
    /// builder and the verifier) used to write nothing for most of these ops;
    /// it is an error naming the op and the attribute.
    @Test(arguments: lowerings.indices)
    func loweringWithoutAnAttributeThrows(index: Int) {
        let (op, count, attribute) = Self.lowerings[index]
        let type = TensorType(.float32, [2, 2])
        let operands = (0..<count).map { Value(id: $0, type: type) }
        let result = Value(id: count, type: type)
        let instruction = Instruction(op: op, operands: operands, results: [result], location: "test")
        let program = Program(functions: [Function(name: "main", body: Region(arguments: operands, instructions: [instruction],
                                                                             returns: [result]))])
        #expect(throws: IRError.invalidAttribute(op: op.name, attribute: attribute, reason: "it is required", location: "test")) {
            try program.stableHLO()
        }
    }

    /// A collective over a `shardMap` mesh axis carries its device groups
    /// in its configuration, and writes them back with its attributes; half
    /// of them, or a size that does not divide the ids, is an error naming
    /// the attribute.
    @Test func collectiveDeviceGroupsAreTyped() throws {
        let groups = DeviceGroups([[0, 2], [1, 3]])
        let scatter = ReduceScatter.Configuration(axisName: "data", axis: 1, deviceGroups: groups)
        let decoded = try ReduceScatter().configuration(scatter.attributes, at: "test")
        #expect(decoded.axisName == "data" && decoded.axis == 1 && decoded.deviceGroups == groups)
        #expect(try ReduceScatter().configuration(["axis_name": .string("data"), "axis": .int(1)], at: "test").deviceGroups == nil)

        var half = scatter.attributes
        half["device_group_size"] = nil
        #expect(throws: IRError.invalidAttribute(op: "reduce_scatter", attribute: "device_group_size",
                                                 reason: "device_groups and device_group_size come together", location: "test")) {
            try ReduceScatter().configuration(half, at: "test")
        }
        var uneven = scatter.attributes
        uneven["device_group_size"] = .int(3)
        #expect(throws: IRError.invalidAttribute(op: "reduce_scatter", attribute: "device_group_size",
                                                 reason: "3 does not divide the 4 device ids", location: "test")) {
            try ReduceScatter().configuration(uneven, at: "test")
        }
    }

    /// `collective_permute`'s pairs are checked when its configuration is
    /// decoded.
    @Test func collectivePermutePairsAreChecked() throws {
        let attributes: Attributes = ["axis_name": .string("ring"), "axis_size": .int(2), "pairs": .ints([0, 1, 1, 0])]
        #expect(try CollectivePermute().configuration(attributes, at: "test").pairs.map { [$0.source, $0.target] } == [[0, 1], [1, 0]])
        var odd = attributes
        odd["pairs"] = .ints([0, 1, 1])
        #expect(throws: IRError.invalidAttribute(op: "collective_permute", attribute: "pairs",
                                                 reason: "3 numbers do not form (source, target) pairs", location: "test")) {
            try CollectivePermute().configuration(odd, at: "test")
        }
    }
}
