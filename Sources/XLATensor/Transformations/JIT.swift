import Synchronization
import XLAIR
import XLARuntime

/// Compiles `function` with XLA: the first call with a new structure and new
/// leaf shapes and dtypes traces it into the IR and compiles it; later calls
/// with the same signature run the cached executable directly.
///
/// Arguments and results are trees (``TensorTree``): tensors, arrays,
/// dictionaries, optionals, ``Static`` values and user types. Called inside
/// another trace, the function is traced inline, as nested `jax.jit` is.
///
/// ```swift
/// let f = jit { (x: Tensor, y: Tensor) in tanh(x * y + 1) }
/// let z = try f(Tensor([1.0, 2]), Tensor([3.0, 4]))
/// ```
///
/// - Parameters:
///   - donating: indices of arguments whose buffers the computation may
///     reuse for its results (JAX's `donate_argnums`); after a call they are
///     consumed and reading them throws. An index that names no argument
///     makes the first call throw, as JAX raises.
///   - bucketing: pads arguments that vary in length along one axis up to
///     a few sizes, so the function compiles once per size, not per length
///     (``Bucketing``; nil: every length compiles its own program).
public func jit<each Argument: TensorTree, Result: TensorTree>(
    donating: Set<Int> = [], bucketing: Bucketing? = nil, file: String = #fileID, line: Int = #line,
    _ function: @escaping (repeat each Argument) throws -> Result
) -> JITFunction<repeat each Argument, Result> {
    JITFunction(function: function, donated: donating, bucketing: bucketing, location: location(file, line))
}

/// A function compiled by ``jit(donating:bucketing:file:line:_:)``.
///
/// Holds the compiled executables of the signatures it has seen, at most
/// ``cacheCapacity`` of them: beyond it the least recently called is dropped
/// (and compiled again if it comes back); ``clearCache()`` drops them all.
/// Not `Sendable`: it keeps the closure it was given.
public final class JITFunction<each Argument: TensorTree, Result: TensorTree> {
    /// How many signatures a new `jit` function keeps compiled.
    public static var defaultCacheCapacity: Int { 256 }

    private let function: (repeat each Argument) throws -> Result
    private let donated: Set<Int>
    private let bucketing: Bucketing?
    private let location: String?
    private let cache = Mutex(Cache(capacity: defaultCacheCapacity))

    /// The compiled signatures, and the one called last: a loop calls one
    /// signature over and over, and comparing the leaves with it directly
    /// skips building and hashing a key.
    private struct Cache {
        var programs: LRUCache<CallSignature, Compiled>
        var last: (key: CallSignature, program: Compiled)?
        /// The arguments of the latest compile, which the next compile's
        /// report compares its own with (``CompileCause``).
        var lastCompiled: [ArgumentSignature]?

        init(capacity: Int) { programs = LRUCache(capacity: capacity) }

        /// The program for a signature. The `last` shortcut needs no LRU
        /// update: `last` became the most recent use when it was looked up
        /// and stays so until another lookup replaces it.
        mutating func program(structure: String, leaves: [Tensor]) -> Compiled? {
            if let last, last.key.matches(structure: structure, leaves: leaves) { return last.program }
            let key = CallSignature(structure: structure, leaves: leaves)
            guard let program = programs.value(for: key) else { return nil }
            last = (key, program)
            return program
        }

        mutating func removeAll() {
            programs.removeAll()
            last = nil
        }
    }

    /// One compiled signature: the executable, the hidden inputs it
    /// captured, and the output structure to rebuild results into (a class,
    /// so that the cache hands it out with one retain).
    private final class Compiled: @unchecked Sendable {
        let executable: Executable
        let captured: [Buffer]
        let output: Result
        /// The output leaves' weak-type flags, read once at compile time.
        let outputWeak: [Bool]

        init(executable: Executable, captured: [Buffer], output: Result, outputWeak: [Bool]) {
            self.executable = executable
            self.captured = captured
            self.output = output
            self.outputWeak = outputWeak
        }
    }

    init(function: @escaping (repeat each Argument) throws -> Result, donated: Set<Int>, bucketing: Bucketing? = nil,
         location: String?) {
        self.function = function
        self.donated = donated
        self.bucketing = bucketing
        self.location = location
    }

    /// The number of signatures compiled and held now (at most ``cacheCapacity``).
    public var compiledCount: Int { cache.withLock { $0.programs.count } }

    /// The most compiled signatures kept (``defaultCacheCapacity`` at first);
    /// beyond it the least recently called is dropped. Lowering it evicts at once.
    public var cacheCapacity: Int {
        get { cache.withLock { $0.programs.capacity } }
        set {
            cache.withLock { cache in
                cache.programs.capacity = newValue
                if cache.programs.count == 0 { cache.last = nil }
            }
        }
    }

    /// Drops every compiled signature; the next call of each compiles again.
    /// The client's ``ExecutableCache`` keeps its own copies of the executables
    /// (bounded too); clear it with `Client.shared().cache.removeAll()`.
    public func clearCache() { cache.withLock { $0.removeAll() } }

    /// Runs the function: traced inline inside another trace, otherwise
    /// compiled once per signature and executed.
    ///
    /// - Throws: the first error an operation made while tracing (with the
    ///   op, shapes and location), the function's own errors, or runtime errors.
    public func callAsFunction(_ arguments: repeat each Argument) throws -> Result {
        if TracingContext.current != nil { return try function(repeat each arguments) }
        guard let bucketing else { return try run(repeat each arguments, validLength: nil) }
        var index = 0
        var padded: [Tensor] = []
        for argument in repeat each arguments {
            if bucketing.pads(argument: index) { argument.appendLeaves(to: &padded) }
            index += 1
        }
        let length = try bucketing.length(of: padded, location: location)
        let size = try bucketing.size(for: length, location: location)
        index = 0
        func pad<T: TensorTree>(_ argument: T) -> T {
            defer { index += 1 }
            guard bucketing.pads(argument: index) else { return argument }
            return argument.mapTensors { $0.resizedOnHost(axis: bucketing.axis, to: size) }
        }
        let result = try run(repeat pad(each arguments), validLength: length)
        guard bucketing.slicesResults, size != length else { return result }
        let cut = result.mapTensors { leaf in
            guard let axis = Tensor.normalize(axis: bucketing.axis, rank: leaf.rank), leaf.shape[axis] == size else {
                return leaf
            }
            return leaf.resizedOnHost(axis: axis, to: length)
        }
        if let error = cut.leaves.lazy.compactMap(\.error).first { throw error }
        return cut
    }

    /// Runs the compiled program for these arguments (compiling it first
    /// for a new signature), with the true length of a bucketed call.
    private func run(_ arguments: repeat each Argument, validLength: Int?) throws -> Result {
        var leaves: [Tensor] = []
        // A target chosen by the caller is part of the signature.
        var structure = LoweringTarget.current.map { "lowered for \($0.rawValue): " } ?? ""
        for argument in repeat each arguments {
            argument.appendStructure(to: &structure)
            argument.appendLeaves(to: &leaves)
        }
        for leaf in leaves {
            if let error = leaf.error { throw error }
        }
        let program = try cache.withLock { $0.program(structure: structure, leaves: leaves) }
            ?? compile(repeat each arguments, key: CallSignature(structure: structure, leaves: leaves))
        if let validLength { leaves.append(Tensor(Int32(clamping: validLength))) }
        let buffers = try leaves.map { try $0.concreteBuffer() } + program.captured
        let outputs: [Buffer]
        do { outputs = try program.executable.execute(buffers) } catch { throw TensorError(error) }
        return program.output.replacingLeaves(with: zip(outputs, program.outputWeak).map { buffer, weak in
            Tensor(.device(buffer), type: buffer.type, weak: weak)
        })
    }

    /// Traces the function for these arguments and returns its IR after the
    /// standard passes, ready to print or lower to StableHLO (JAX's
    /// `jit(f).lower(...)`). Nothing is compiled.
    ///
    /// - Throws: the first error an operation made while tracing, or the
    ///   function's own error.
    public func lower(_ arguments: repeat each Argument) throws -> Lowered {
        try trace(repeat each arguments).lowered
    }

    /// The output of tracing the function (its leaves are traced values of a
    /// finished trace: only their types are meaningful).
    func traceOutput(_ arguments: repeat each Argument) throws -> Result {
        try trace(repeat each arguments).output
    }

    func trace(_ arguments: repeat each Argument) throws -> (lowered: Lowered, captured: [Buffer], output: Result) {
        let (program, target, captured, output) = try traceProgram(repeat each arguments)
        return (try Lowered(passing: program, target: target), captured, output)
    }

    /// Traces the function for these arguments into a program, before the
    /// passes, with the platform it is to be lowered for.
    private func traceProgram(_ arguments: repeat each Argument) throws
        -> (program: Program, target: LoweringTarget, captured: [Buffer], output: Result) {
        let trace = TracingContext(location: location)
        defer { trace.close() }
        var index = 0
        func parameters<T: TensorTree>(_ argument: T) -> T {
            defer { index += 1 }
            let isDonated = donated.contains(index)
            return argument.mapTensors { leaf in
                Tensor(.traced(trace.builder.parameter(leaf.type, donated: isDonated), trace), type: leaf.type,
                       weak: leaf.isWeak)
            }
        }
        let traced = (repeat parameters(each arguments))
        if let outside = donated.sorted().first(where: { !(0..<index).contains($0) }) {
            throw TensorError.invalidTransformation(
                reason: "jit donates argument \(outside), but the function takes \(index) arguments", location: location)
        }
        // A bucketed function's true length comes after the arguments' leaves.
        let validLength = bucketing.map { _ in
            let type = TensorType(.int32, [])
            return Tensor(.traced(trace.builder.parameter(type, donated: false), trace), type: type)
        }
        let target = LoweringTarget.current
            ?? (try? EagerExecutor.shared.client()).map { LoweringTarget(platform: $0.platformName) } ?? .xlaCPU
        let output = try LoweringTarget.$current.withValue(target) {
            try Bucket.$tracedLength.withValue(validLength) {
                try CustomGradientNames.numbering { try trace.record { try function(repeat each traced) } }
            }
        }
        if let error = trace.firstError { throw error }
        let results = try trace.values(of: output, location: location)
        return (Program(name: "jit", functions: [trace.builder.finish(returning: results)]), target, trace.capturedBuffers,
                output)
    }

    /// Traces, lowers and compiles the function for these arguments, and
    /// reports the compile (``CompileReports``). A traced program lowered
    /// before (in this process or, through the disk cache, an earlier one)
    /// reuses its StableHLO text: the passes and the emission are skipped.
    private func compile(_ arguments: repeat each Argument, key: CallSignature) throws -> Compiled {
        let clock = ContinuousClock()
        let start = clock.now
        let (traced, target, captured, output) = try traceProgram(repeat each arguments)
        let tracedAt = clock.now
        let executable: Executable
        let outcome: CompileOutcome
        let reusedLowering: Bool
        do {
            (executable, outcome, reusedLowering) = try EagerExecutor.shared.client().compileWithOutcome(
                source: "lowered for \(target.rawValue)\n" + traced.loweringSource,
                lower: { try Lowered(passing: traced, target: target).stableHLO() })
        } catch {
            throw TensorError(error)
        }
        var signatures: [ArgumentSignature] = []
        for argument in repeat each arguments { signatures.append(ArgumentSignature(argument)) }
        let program = Compiled(executable: executable, captured: captured, output: output,
                               outputWeak: output.leaves.map(\.isWeak))
        let previous = cache.withLock { cache in
            cache.programs.insert(program, for: key)
            defer { cache.lastCompiled = signatures }
            return cache.lastCompiled
        }
        CompileReports.publish(CompileReport(
            function: location ?? "a library function", cause: CompileCause(previous: previous, current: signatures),
            traceTime: tracedAt - start, loweringTime: clock.now - tracedAt - outcome.duration,
            compileTime: outcome.duration, source: outcome.source, reusedLowering: reusedLowering))
        return program
    }
}

/// What `jit` keys a compilation by: the arguments' structure and each
/// leaf's type and weak flag.
private struct CallSignature: Hashable {
    /// One leaf's part of the signature.
    struct Leaf: Hashable {
        let type: TensorType
        let isWeak: Bool

        init(_ tensor: Tensor) { (type, isWeak) = (tensor.type, tensor.isWeak) }
    }

    /// The arguments' `appendStructure` descriptions, one after another.
    let structure: String
    /// The leaves in order.
    let leaves: [Leaf]

    init(structure: String, leaves: [Tensor]) {
        self.structure = structure
        self.leaves = leaves.map(Leaf.init)
    }

    /// Whether arguments of this structure and these leaves have this signature.
    func matches(structure: String, leaves: [Tensor]) -> Bool {
        guard structure == self.structure, leaves.count == self.leaves.count else { return false }
        return leaves.indices.allSatisfy { Leaf(leaves[$0]) == self.leaves[$0] }
    }
}

/// A traced function's IR, before compilation.
public struct Lowered: Sendable {
    /// The program: `main` takes the arguments' leaves (then captured
    /// tensors) and returns the result's leaves.
    public let program: Program
    /// The platform it is lowered for: ``LoweringTarget/current`` when the
    /// caller set it, otherwise the compiling client's (XLA CPU's when no
    /// client can be made).
    public let target: LoweringTarget
    /// How long the IR passes took (part of a compile report's lowering time).
    let passesTime: Duration

    /// A traced program after the standard passes, to be lowered for `target`.
    init(passing traced: Program, target: LoweringTarget) throws {
        var program = traced
        let clock = ContinuousClock()
        let start = clock.now
        do { try PassManager.standard.run(&program) } catch { throw TensorError(error) }
        (self.program, self.target, passesTime) = (program, target, clock.now - start)
    }

    /// The IR as text.
    public var irText: String { program.irText }

    /// The program as StableHLO text for ``target``, as the runtime compiles it.
    public func stableHLO() throws -> String {
        do { return try program.stableHLO(for: target) } catch { throw TensorError(error) }
    }
}

extension Tensor {
    /// The device buffer of a concrete tensor, uploading a host value to
    /// `device` (the default device when nil).
    func concreteBuffer(on device: Device? = nil) throws -> Buffer {
        switch storage {
        case let .host(host): return try host.buffer(on: EagerExecutor.shared.client(), device: device)
        case let .device(buffer): return buffer
        case .traced: throw TensorError.escapedTracer(location: nil)
        case let .poisoned(error): throw error
        }
    }
}
