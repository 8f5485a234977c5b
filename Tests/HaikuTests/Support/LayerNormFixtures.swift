import Haiku
import Testing

/// `Fixtures/layer_norms.json` (written by `Scripts/fixtures/layer_norms.py`
/// from real Haiku) and the modules its cases describe.
enum LayerNormFixtures {
    /// The whole file.
    static let file: FixtureValue = fixtureFile("layer_norms")

    /// The names of the module cases, sorted.
    static let moduleCases: [String] = file["modules"].keys

    /// The names of the error cases, sorted.
    static let errorCases: [String] = file["errors"].keys

    /// A module call: the input, then the scale and offset passed at call time.
    typealias Call = (Tensor, Tensor?, Tensor?) -> Tensor

    /// The module `fixture["class"]` with `fixture["args"]`, and a call of
    /// it (made where it is called: inside a transform).
    static func module(_ fixture: FixtureValue) -> (module: Module, call: Call) {
        let a = FixtureArguments(fixture["args"])
        switch fixture["class"].string {
        case "LayerNorm":
            let m = LayerNorm(axis: a.axes("axis") ?? -1, createScale: a.bool("createScale"),
                              createOffset: a.bool("createOffset"), eps: a.eps, scaleInit: a.initializer("scaleInit"),
                              offsetInit: a.initializer("offsetInit"), useFastVariance: a.bool("useFastVariance"),
                              paramAxis: a.axes("paramAxis"))
            return (m, { m($0, scale: $1, offset: $2) })
        case "InstanceNorm":
            let m = InstanceNorm(createScale: a.bool("createScale"), createOffset: a.bool("createOffset"), eps: a.eps,
                                 scaleInit: a.initializer("scaleInit"), offsetInit: a.initializer("offsetInit"),
                                 dataFormat: a.dataFormat ?? .channelsLast)
            return (m, { m($0, scale: $1, offset: $2) })
        case "GroupNorm":
            let m = GroupNorm(groups: a.int("groups"), axis: a.axes("axis") ?? Axes(1...),
                              createScale: a.bool("createScale", default: true),
                              createOffset: a.bool("createOffset", default: true), eps: a.eps,
                              scaleInit: a.initializer("scaleInit"), offsetInit: a.initializer("offsetInit"),
                              dataFormat: a.dataFormat ?? .channelsLast)
            return (m, { m($0, scale: $1, offset: $2) })
        case "RMSNorm":
            let m = RMSNorm(axis: a.axes("axis") ?? -1, eps: a.eps, scaleInit: a.initializer("scaleInit"),
                            createScale: a.bool("createScale", default: true), paramAxis: a.axes("paramAxis"))
            return (m, { x, _, _ in m(x) })
        case let other:
            fatalError("layer_norms.json names an unknown class \(other)")
        }
    }

    /// A `{module: {name: {"shape", "dtype", "values"}}}` bundle as parameters.
    static func params(_ bundle: FixtureValue) -> Params {
        var result: Params = [:]
        for module in bundle.keys {
            for name in bundle[module].keys {
                let value = bundle[module][name]
                result[module, default: [:]][name] = FixtureValue.object(
                    ["shape": value["shape"], "dtype": value["dtype"], "values": value["values"]]).tensor
            }
        }
        return result
    }

    /// Checks `tensor` against the encoded tensor `expected`: dtype, shape
    /// and every value bit for bit (any float dtype, compared as float32,
    /// which holds float16 and bfloat16 values exactly).
    static func expectBits(_ tensor: Tensor?, _ expected: FixtureValue, _ label: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        guard let tensor else { Issue.record("\(label): missing", sourceLocation: sourceLocation); return }
        let want = expected.fixtureTensor
        #expect(tensor.dtype == want.dtype, "\(label): dtype", sourceLocation: sourceLocation)
        #expect(tensor.shape == want.shape, "\(label): shape", sourceLocation: sourceLocation)
        do {
            let got = try tensor.converted(to: .float32).scalars(as: Float.self)
            #expect(got.map(\.bitPattern) == want.float32Bits,
                    "\(label): bits differ: expected \(want.values.map { Float($0) }), got \(got)",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(label): reading the tensor threw \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Checks `tensor` against the encoded tensor `expected`: dtype, shape,
    /// and every element within `relative` times the largest magnitude of
    /// `expected` or of `reference` (a normwise bound).
    static func expectClose(_ tensor: Tensor?, _ expected: FixtureValue, _ label: String, relative: Double,
                            reference: Double = 0, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let tensor else { Issue.record("\(label): missing", sourceLocation: sourceLocation); return }
        let want = expected.fixtureTensor
        #expect(tensor.dtype == want.dtype && tensor.shape == want.shape, "\(label): type", sourceLocation: sourceLocation)
        do {
            let got = try tensor.converted(to: .float32).scalars(as: Float.self).map(Double.init)
            let scale = Swift.max(want.values.map(abs).max() ?? 0, reference)
            let worst = zip(got, want.values).map { abs($0 - $1) }.max() ?? 0
            let ratio = worst / Swift.max(scale, .leastNormalMagnitude)
            let message = "\(label): off by \(worst) (\(ratio) of the largest, allowed \(relative)): expected \(want.values), got \(got)"
            #expect(got.count == want.values.count && worst <= relative * scale, Comment(rawValue: message),
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(label): reading the tensor threw \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Checks a bundle against `expected` with `check` (default
    /// ``expectBits(_:_:_:sourceLocation:)``).
    static func expectBundles(_ bundles: Params, _ expected: FixtureValue, _ label: String,
                              check: (Tensor?, FixtureValue, String) -> Void = { expectBits($0, $1, $2) }) {
        let expectedNames = expected.keys.flatMap { module in expected[module].keys.map { "\(module)/\($0)" } }.sorted()
        let names = bundles.flatMap { module, values in values.keys.map { "\(module)/\($0)" } }.sorted()
        #expect(names == expectedNames, "\(label): names")
        for module in expected.keys {
            for name in expected[module].keys {
                check(bundles[module]?[name], expected[module][name], "\(label) \(module)/\(name)")
            }
        }
    }
}

/// The normalization modules' arguments, with Haiku's defaults.
extension FixtureArguments {
    var eps: Double { members["eps"]?.double ?? 1e-5 }

    /// `{"constant": v}` as `Constant(v)`.
    func initializer(_ key: String) -> (any Initializer)? { members[key].map { Constant($0["constant"].double) } }

    /// An int, a list or `{"slice": [start, stop]}` (null bounds open).
    func axes(_ key: String) -> Axes? {
        switch members[key] {
        case .none: return nil
        case let .number(axis)?: return .axis(Int(axis))
        case let .array(axes)?: return .list(axes.map(\.int))
        case let .object(slice)?:
            let bounds = slice["slice"]?.array ?? []
            func bound(_ value: FixtureValue) -> Int? { if case .null = value { nil } else { value.int } }
            return .slice(start: bound(bounds[0]), end: bound(bounds[1]))
        case let other?: fatalError("unknown axes \(other)")
        }
    }
}
