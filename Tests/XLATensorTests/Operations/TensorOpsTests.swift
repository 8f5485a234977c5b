import Foundation
import Testing
import XLATensor

/// Every Tensor op against JAX on edge cases: broadcasting (size-0 dims
/// included), negative axes, empty dimensions, dtype promotion with weak
/// literals, integer overflow, NaN/Inf, conversions between all dtypes.
///
/// The fixture comes from Scripts/fixtures/tensor_ops.py (jax 0.11.2,
/// jax.numpy under jax.jit, x64 off). Each case runs three ways: eagerly on
/// host inputs (literals), eagerly on device inputs, and under `jit`; all
/// must give JAX's values, shape, dtype and weak flag, or fail where JAX
/// fails. Integers, bools and shape ops compare exactly; float math within a
/// relative 1e-6 or 2 ulp of its dtype ("float" cases), everything else
/// bitwise ("exact": NaN equals NaN, zeros keep their sign).
@Suite struct TensorOpsTests {
    // MARK: The fixture

    /// One value as JSON holds it: a number, a bool, or "nan"/"inf"/"-inf".
    enum Number: Decodable, Sendable {
        case bool(Bool), number(Double), special(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else { self = .special(try container.decode(String.self)) }
        }

        var double: Double {
            switch self {
            case let .bool(value): value ? 1 : 0
            case let .number(value): value
            case let .special(name): name == "nan" ? .nan : name == "inf" ? .infinity : -.infinity
            }
        }
    }

    struct Operand: Decodable, Sendable {
        let dtype: String
        let shape: [Int]
        let values: [Number]
        let weak: Bool
    }

    struct IndexItem: Decodable, Sendable {
        let kind: String
        let i: Int?
        let start: Int?
        let stop: Int?
        let step: Int?
    }

    struct Parameters: Decodable, Sendable {
        var axes: [Int]?, axis: Int?, keepdims: Bool?, shape: [Int]?, perm: [Int]?, dtype: String?
        var sections: Int?, indices: [Int]?, index: [IndexItem]?
        var start: Double?, stop: Double?, step: Double?, num: Int?, endpoint: Bool?
        var n: Int?, m: Int?, k: Int?, value: Double?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let op: String
        let params: Parameters
        let tol: String
        let inputs: [Operand]
        let outputs: [Operand]?
        let error: String?
        var testDescription: String { name }
    }

    struct Fixture: Decodable {
        let jax: String
        let cases: [Case]
    }

    static let fixture: Fixture = loadFixture("tensor_ops")

    /// Cases where Tensor deliberately differs from JAX, with the error it
    /// gives instead of JAX's result.
    static let deviations: [String: String] = [
        // JAX clamps an out-of-range static integer index; NumPy and Tensor reject it.
        "index/out_of_range": "index 2 is out of bounds for axis 0 with size 2",
        "index/out_of_range_negative": "index -4 is out of bounds for axis 1 with size 3",
    ]

    /// Cases where Tensor deliberately gives other values than JAX, with them.
    static let otherValues: [String: [Double]] = [
        // jnp.arange(0.0, 5.5, 1.5, dtype=int32) inherits NumPy's quirk of
        // stepping by int(start + step) - int(start) = 1; Tensor converts
        // the float values 0, 1.5, 3, 4.5.
        "arange/float_to_int": [0, 1, 3, 4],
    ]

    // MARK: Running a case

    static func dtype(_ name: String) -> ElementType { ElementType.allCases.first { $0.name == name }! }

    /// The input as a tensor: a weak literal, or an array of its dtype.
    static func tensor(_ input: Operand) -> Tensor {
        let values = input.values.map(\.double)
        if input.weak {
            return input.dtype == "float32" ? Tensor(floatLiteral: values[0]) : Tensor(integerLiteral: Int(values[0]))
        }
        let type = dtype(input.dtype)
        if type == .bool { return Tensor(values.map { $0 != 0 }, shape: input.shape) }
        if type.isFloatingPoint { return Tensor(values, shape: input.shape, dtype: type) }
        return Tensor(values.map { Int64($0) }, shape: input.shape, dtype: type)
    }

    /// The same value in a device buffer (produced by an eager op).
    static func onDevice(_ tensor: Tensor) -> Tensor {
        tensor.expandingDimensions(axis: 0).reshaped(tensor.shape)
    }

    /// The fixture's op applied with the Tensor API.
    static func apply(_ test: Case, _ x: [Tensor]) -> [Tensor] {
        let p = test.params
        let keep = p.keepdims ?? false
        let dtype = p.dtype.map(Self.dtype)
        switch test.op {
        case "arange": return [Tensor.arange(p.start!, p.stop!, step: p.step!, dtype: dtype)]
        case "linspace": return [Tensor.linspace(p.start!, p.stop!, count: p.num!, endpoint: p.endpoint!)]
        case "eye": return [Tensor.eye(p.n!, p.m, k: p.k!, dtype: dtype ?? .float32)]
        case "full": return [Tensor.full(p.shape!, p.value!, dtype: dtype)]
        case "zeros": return [Tensor.zeros(p.shape!, dtype: dtype ?? .float32)]
        case "ones": return [Tensor.ones(p.shape!, dtype: dtype ?? .float32)]
        case "add": return [x[0] + x[1]]
        case "sub": return [x[0] - x[1]]
        case "mul": return [x[0] * x[1]]
        case "div": return [x[0] / x[1]]
        case "rem": return [x[0] % x[1]]
        case "pow": return [pow(x[0], x[1])]
        case "atan2": return [atan2(x[0], x[1])]
        case "nextafter": return [nextAfter(x[0], x[1])]
        case "maximum": return [maximum(x[0], x[1])]
        case "minimum": return [minimum(x[0], x[1])]
        case "and": return [x[0] & x[1]]
        case "or": return [x[0] | x[1]]
        case "xor": return [x[0] ^ x[1]]
        case "shl": return [x[0] << x[1]]
        case "shr": return [x[0] >> x[1]]
        case "eq": return [x[0] .== x[1]]
        case "ne": return [x[0] .!= x[1]]
        case "lt": return [x[0] .< x[1]]
        case "le": return [x[0] .<= x[1]]
        case "gt": return [x[0] .> x[1]]
        case "ge": return [x[0] .>= x[1]]
        case "neg": return [-x[0]]
        case "not": return [~x[0]]
        case "exp": return [exp(x[0])]
        case "log": return [log(x[0])]
        case "log1p": return [log1p(x[0])]
        case "expm1": return [expm1(x[0])]
        case "sqrt": return [sqrt(x[0])]
        case "rsqrt": return [rsqrt(x[0])]
        case "cbrt": return [cbrt(x[0])]
        case "tanh": return [tanh(x[0])]
        case "logistic": return [logistic(x[0])]
        case "sin": return [sin(x[0])]
        case "cos": return [cos(x[0])]
        case "tan": return [tan(x[0])]
        case "erf": return [erf(x[0])]
        case "erf_inv": return [erfInv(x[0])]
        case "floor": return [floor(x[0])]
        case "ceil": return [ceil(x[0])]
        case "round": return [round(x[0])]
        case "sign": return [sign(x[0])]
        case "abs": return [abs(x[0])]
        case "isfinite": return [isFinite(x[0])]
        case "popcount": return [populationCount(x[0])]
        case "select": return [select(x[0], x[1], x[2])]
        case "clip": return [x[0].clipped(min: x[1], max: x[2])]
        case "sum": return [x[0].sum(axes: p.axes, keepDims: keep)]
        case "mean": return [x[0].mean(axes: p.axes, keepDims: keep)]
        case "prod": return [x[0].product(axes: p.axes, keepDims: keep)]
        case "max": return [x[0].max(axes: p.axes, keepDims: keep)]
        case "min": return [x[0].min(axes: p.axes, keepDims: keep)]
        case "all": return [x[0].all(axes: p.axes, keepDims: keep)]
        case "any": return [x[0].any(axes: p.axes, keepDims: keep)]
        case "argmax": return [x[0].argmax(axis: p.axis!, keepDims: keep)]
        case "argmin": return [x[0].argmin(axis: p.axis!, keepDims: keep)]
        case "reshape": return [x[0].reshaped(p.shape!)]
        case "transpose": return [x[0].transposed(p.perm)]
        case "squeeze": return [x[0].squeezed(axes: p.axes)]
        case "expand_dims": return [x[0].expandingDimensions(axis: p.axis!)]
        case "concatenate": return [concatenate(x, axis: p.axis!)]
        case "stack": return [stack(x, axis: p.axis!)]
        case "split":
            if let sections = p.sections { return x[0].split(sections, axis: p.axis!) }
            return x[0].split(at: p.indices!, axis: p.axis!)
        case "index": return [index(x[0], p.index!.map(Self.index))]
        case "matmul": return [matmul(x[0], x[1])]
        case "convert": return [x[0].converted(to: dtype!)]
        default: fatalError("no Tensor op for fixture op \(test.op)")
        }
    }

    static func index(_ item: IndexItem) -> TensorIndex {
        switch item.kind {
        case "at": .at(item.i!)
        case "slice": .slice(start: item.start, stop: item.stop, step: item.step ?? 1)
        case "newaxis": .newAxis
        default: .ellipsis
        }
    }

    /// `x[items...]` (the subscript is variadic).
    static func index(_ x: Tensor, _ items: [TensorIndex]) -> Tensor {
        switch items.count {
        case 1: x[items[0]]
        case 2: x[items[0], items[1]]
        case 3: x[items[0], items[1], items[2]]
        default: x[items[0], items[1], items[2], items[3]]
        }
    }

    // MARK: Comparing

    /// The elements as doubles (exact for every dtype of at most 32 bits).
    static func values(_ tensor: Tensor) throws -> [Double] {
        switch tensor.dtype {
        case .bool: try tensor.scalars(as: Bool.self).map { $0 ? 1 : 0 }
        case .int8: try tensor.scalars(as: Int8.self).map { Double($0) }
        case .int16: try tensor.scalars(as: Int16.self).map { Double($0) }
        case .int32: try tensor.scalars(as: Int32.self).map { Double($0) }
        case .int64: try tensor.scalars(as: Int64.self).map { Double($0) }
        case .uint8: try tensor.scalars(as: UInt8.self).map { Double($0) }
        case .uint16: try tensor.scalars(as: UInt16.self).map { Double($0) }
        case .uint32: try tensor.scalars(as: UInt32.self).map { Double($0) }
        case .uint64: try tensor.scalars(as: UInt64.self).map { Double($0) }
        case .float16: try tensor.scalars(as: Float16.self).map { Double($0) }
        case .bfloat16: try tensor.scalars(as: BFloat16.self).map { Double($0.floatValue) }
        case .float32: try tensor.scalars(as: Float.self).map { Double($0) }
        case .float64: try tensor.scalars(as: Double.self)
        }
    }

    /// The spacing of `dtype`'s values at `value`.
    static func ulp(_ value: Double, _ dtype: ElementType) -> Double {
        switch dtype {
        case .float16: Double(Float16(value).ulp)
        case .bfloat16: Double(Float(value).ulp) * 65536
        case .float32: Double(Float(value).ulp)
        default: value.ulp
        }
    }

    /// Whether `actual` matches `expected` under the case's tolerance.
    static func matches(_ actual: Double, _ expected: Double, dtype: ElementType, tolerance: String) -> Bool {
        if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
        if actual == expected { return tolerance != "exact" || actual.sign == expected.sign || !dtype.isFloatingPoint }
        guard tolerance == "float", dtype.isFloatingPoint, expected.isFinite else { return false }
        let difference = Swift.abs(actual - expected)
        return difference <= 1e-6 * Swift.abs(expected) || difference <= 2 * ulp(expected, dtype)
    }

    /// The op name a case's error must mention.
    static func errorOp(_ test: Case) -> String {
        switch test.op {
        case "mean": "sum"
        case "stack": test.name == "stack/bad_axis" ? "expand_dims" : "concatenate"
        default: test.op
        }
    }

    static func check(_ test: Case, _ mode: String, _ run: () throws -> [Tensor]) {
        let context = Comment(rawValue: "\(test.name) (\(mode))")
        if let expected = deviations[test.name] ?? test.error {
            let error = #expect(throws: TensorError.self, context) { try run().forEach { _ = try values($0) } }
            if let error {
                let message = error.description
                #expect(message.contains(errorOp(test)), "\(context): error should name the op: \(message)")
                if deviations[test.name] != nil { #expect(message.contains(expected), "\(context): \(message)") }
            }
            return
        }
        do {
            let results = try run()
            let outputs = test.outputs!
            try #require(results.count == outputs.count, "\(context): \(results.count) results, expected \(outputs.count)")
            for (result, output) in zip(results, outputs) {
                let dtype = Self.dtype(output.dtype)
                #expect(result.dtype == dtype, "\(context): dtype \(result.dtype), expected \(dtype)")
                #expect(result.shape == output.shape, "\(context): shape \(result.shape), expected \(output.shape)")
                // JAX may mark a bool weak; Tensor's bools never are, which promotes the same.
                if dtype != .bool {
                    #expect(result.isWeak == output.weak, "\(context): weak \(result.isWeak), expected \(output.weak)")
                }
                guard result.dtype == dtype else { continue }
                let actual = try values(result)
                let expected = otherValues[test.name] ?? output.values.map(\.double)
                let same = actual.count == expected.count && zip(actual, expected).allSatisfy {
                    matches($0, $1, dtype: dtype, tolerance: test.tol)
                }
                #expect(same, "\(context): got \(actual), expected \(expected)")
            }
        } catch {
            Issue.record("\(context): unexpected error \(error)")
        }
    }

    // MARK: Tests

    @Test func fixtureIsFromJAX() {
        #expect(Self.fixture.jax == "0.11.2")
        #expect(Self.fixture.cases.count > 400)
    }

    /// The error reading `tensor` throws, eagerly.
    static func error(_ tensor: Tensor) -> String {
        do {
            _ = try values(tensor)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func errorsNameTheOpAndShapes() {
        let m = Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
        let cases: [(Tensor, [String])] = [
            (Tensor([1.0, 2, 3]) + Tensor([1.0, 2]), ["add", "[3] and [2]"]),
            (m.sum(axes: [2]), ["sum", "[2]", "[2, 3]"]),
            (m.mean(axes: [0, -2]), ["sum", "[0, -2]", "[2, 3]"]),
            (Tensor.zeros([0, 3]).max(axes: [0]), ["max", "[0, 3]", "no identity"]),
            (m.all(axes: [5]), ["all", "[2, 3]"]),
            (m.argmax(axis: -3), ["argmax", "[2, 3]"]),
            (m.reshaped([4, -1]), ["reshape", "[2, 3]", "[4, -1]"]),
            (m.transposed([0, 0]), ["transpose", "[0, 0]"]),
            (m.squeezed(axes: [0]), ["squeeze", "[2, 3]"]),
            (m.expandingDimensions(axis: 4), ["expand_dims", "axis 4"]),
            (concatenate([m, Tensor([1.0, 2])]), ["concatenate"]),
            (m.split(4, axis: 1)[0], ["split", "[2, 3]", "4"]),
            (matmul(m, m), ["matmul", "[2, 3] and [2, 3]"]),
            (select(Tensor([true, false]), m, 0.0), ["select", "[2]", "[2, 3]"]),
            (m[2], ["index", "index 2", "size 2"]),
            (m[0, 0, 0], ["index", "too many indices"]),
            (Tensor.arange(0, 1, step: 0), ["arange", "step"]),
            (Tensor.linspace(0, 1, count: -1), ["linspace", "-1"]),
        ]
        for (tensor, parts) in cases {
            let message = Self.error(tensor)
            for part in parts {
                #expect(message.contains(part), "expected \"\(part)\" in: \(message)")
            }
        }
    }

    @Test func errorsUnderJITNameTheOpShapesAndLocation() {
        let f = jit { (x: Tensor) in x.sum(axes: [3]) + matmul(x, x) }
        let error = #expect(throws: TensorError.self) { try f(Tensor([1.0, 2, 3, 4], shape: [2, 2])) }
        let message = error?.description ?? ""
        #expect(message.contains("sum") && message.contains("[2, 2]") && message.contains("TensorOpsTests.swift"),
                "\(message)")
    }

    @Test func laterOpsCarryTheFirstError() {
        let bad = Tensor.zeros([2]).min(axes: [1])
        #expect(Self.error(exp(bad) * 2 + Tensor.ones([3])).contains("min"))
    }

    @Test func floatsBecomeIntegersAsXLAConverts() throws {
        // Made on the host and converted on the host: no crash on NaN or
        // out-of-range values, the same saturation as the device.
        let values: [Double] = [.nan, .infinity, -.infinity, 1e20, -1e20, -2.7, 300.5]
        #expect(try Tensor(values, dtype: .int32).scalars(as: Int32.self)
                == [0, .max, .min, .max, .min, -2, 300])
        #expect(try Tensor(values, dtype: .uint8).scalars(as: UInt8.self) == [0, 255, 0, 255, 0, 0, 255])
        #expect(try Tensor.full([2], Double.nan, dtype: .int8).scalars(as: Int8.self) == [0, 0])
    }

    @Test func convertedIsStronglyTyped() {
        let literal: Tensor = 3
        #expect(literal.isWeak)
        #expect(!literal.converted(to: .float32).isWeak)
        // A strong float32 wins over float16, as `jnp.asarray(3).astype(float32)` does.
        #expect((literal.converted(to: .float32) * Tensor([1.0], dtype: .float16)).dtype == .float32)
        #expect(exp(literal).isWeak)
    }

    @Test(arguments: fixture.cases)
    func matchesJAX(_ test: Case) {
        let inputs = test.inputs.map(Self.tensor)
        Self.check(test, "eager") { Self.apply(test, inputs) }
        Self.check(test, "eager, device inputs") { Self.apply(test, inputs.map(Self.onDevice)) }
        Self.check(test, "jit") { try jit { (x: [Tensor]) in Self.apply(test, x) }(inputs) }
    }
}
