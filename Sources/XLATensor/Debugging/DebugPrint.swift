import Glibc
import Synchronization
import XLAIR
import XLARuntime

/// Prints tensors when the program runs, also from inside `jit`, `grad`,
/// `vmap`, loops and Haiku's `transform`: JAX's `jax.debug.print`.
///
/// `format` is Python's `str.format` text: `{}` takes the next positional
/// value, `{0}` one by position, `{name}` a value from `named`, `{{` and
/// `}}` print braces. A 0-d value prints as a Python scalar (`3.5`, `7`,
/// `True`; a float32 as the double Python's `repr` gives, as JAX does), an
/// array as NumPy's `str` (`[0. 1. 2.]`). A format whose first brace opens
/// no field prints as it is, followed by the positional values (NumPy's
/// `str`), as JAX's does.
///
/// ```swift
/// let f = jit { (x: Tensor) -> Tensor in
///     debugPrint("x={} total={t}", x, named: ["t": x.sum()])
///     return x * 2
/// }
/// _ = try f(Tensor([1.0, 2]))   // x=[1. 2.] total=3.0
/// ```
///
/// Outside a transformation it prints at once. Traced, it records a host
/// callback (an XLA FFI custom call with a side effect) that prints each
/// time the compiled program reaches it: every loop step, in program order
/// (prints are chained so XLA cannot reorder them), once per example
/// under `vmap` (the innermost `vmap`'s index varying slowest), with the
/// primal values under `grad` and never in the backward pass. Lines go to
/// standard output, or to ``DebugPrintOutput/sink``. Printing inside a
/// compiled program needs a CPU plugin with the FFI extension
/// (``Plugin/supportsHostCallbacks``).
///
/// A malformed format (an unknown name, a value no field shows, a format
/// specification such as `{:.2f}`) fails the enclosing transformation with
/// a ``TensorError`` naming `debugPrint`; outside one, the error is printed
/// in place of the line.
///
/// - Parameters:
///   - format: the text with its fields.
///   - values: the positional values.
///   - named: the values `{name}` fields show.
public func debugPrint(_ format: String, _ values: Tensor..., named: KeyValuePairs<String, Tensor> = [:],
                       file: String = #fileID, line: Int = #line) {
    DebugPrinter.record(format, values, named: named.map { ($0.key, $0.value) }, location: location(file, line))
}

/// Swift's `debugPrint(_:separator:terminator:)`, unchanged, redeclared so
/// that it shadows the standard library's and yields to the tensor
/// ``debugPrint(_:_:named:file:line:)``: without it, Swift picks either at
/// random-looking places (a string and tensors also fit `Any...`).
/// Calls that are not a format string and tensors come here.
@_disfavoredOverload
public func debugPrint(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(items.map { String(reflecting: $0) }.joined(separator: separator), terminator: terminator)
}

/// Where ``debugPrint(_:_:named:file:line:)`` writes its lines.
public enum DebugPrintOutput {
    private static let current = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// The function that receives each printed line (without its newline),
    /// called one line at a time, possibly from XLA's threads; nil (the
    /// default) writes lines to standard output.
    public static var sink: (@Sendable (String) -> Void)? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// One capture at a time, process-wide.
    private static let capturing = Mutex<Void>(())

    /// The lines printed while `body` runs, instead of writing them out
    /// (read a result of a computation inside `body` so that it has run).
    /// Captures in several threads take turns: one waits for the other's
    /// `body` to end.
    ///
    /// ```swift
    /// let lines = try DebugPrintOutput.capture { _ = try f(x).scalars(as: Float.self) }
    /// ```
    public static func capture(_ body: () throws -> Void) rethrows -> [String] {
        try capturing.withLock { _ in
            let lines = Mutex<[String]>([])
            let previous = sink
            sink = { line in lines.withLock { $0.append(line) } }
            defer { sink = previous }
            try body()
            return lines.withLock { $0 }
        }
    }

    /// Writes one line to the sink or standard output.
    static func write(_ line: String) {
        current.withLock { sink in
            if let sink {
                sink(line)
            } else {
                Swift.print(line)
                fflush(nil)  // every output stream: stdout cannot be named in Swift 6
            }
        }
    }
}

/// Records or performs a debug print.
enum DebugPrinter {
    /// The host callback's name in the compiled program.
    static let callbackName = "debug_print"

    /// Registers the host callback that prints for compiled programs.
    private static let registration: Void = HostCallbacks.register(callbackName) { arrays, attributes in
        let format = try DebugFormat(canonical: attributes.strings["format"] ?? "")
        let values = Array(arrays.prefix(attributes.integers["values"] ?? arrays.count))
        for line in DebugPrintText.lines(format, values, batchDims: attributes.integers["batch_dims"] ?? 0) {
            DebugPrintOutput.write(line)
        }
    }

    /// Prints now (no trace) or records the print into the current trace.
    static func record(_ format: String, _ positional: [Tensor], named: [(String, Tensor)], location: String?) {
        let tensors = positional + named.map(\.1)
        let parsed: DebugFormat
        do {
            parsed = try DebugFormat(parsing: format, positionalCount: positional.count, names: named.map(\.0))
        } catch {
            report(.invalidOperation(.invalidOperands(op: "debugPrint", operandTypes: tensors.map(\.type),
                                                      reason: error.description, location: location)))
            return
        }
        if TracingContext.current != nil {
            _ = registration
            _ = Tensor.apply(.debugPrint, tensors, attributes: ["format": .string(parsed.canonical)], location: location,
                             fallback: [DebugPrint.orderType])
            return
        }
        do {
            let literals = try tensors.map { Literal(type: $0.type, bytes: try $0.bytes()) }
            DebugPrintOutput.write(DebugPrintText.line(parsed, literals))
        } catch {
            report(TensorError(error))
        }
    }

    /// Fails the current trace with `error`, or prints it when there is none.
    private static func report(_ error: TensorError) {
        if let trace = TracingContext.current {
            trace.fail(error)
        } else {
            DebugPrintOutput.write("debugPrint failed: \(error)")
        }
    }
}
