/// What the check accepts without finding it in the sources: names of the
/// standard library and of the languages the docs compare with, and
/// markers of a span written in another language.
extension DocsSymbolChecker {
    /// Standard-library and Foundation types the docs and examples use.
    static let standardTypes: Set<String> = [
        "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Float", "Float16",
        "Double", "Bool", "String", "Character", "Array", "Dictionary", "Set", "Optional", "Result", "Never", "Void",
        "Any", "AnyObject", "Error", "Sendable", "Hashable", "Equatable", "Comparable", "Sequence", "Collection",
        "KeyValuePairs", "Regex", "Range", "ClosedRange", "Substring", "Mutex", "Task", "TaskLocal", "Self",
        "CustomStringConvertible", "MemoryLayout", "ContinuousClock", "Duration", "Foundation", "Glibc",
    ]
    /// Standard-library functions called unqualified.
    static let standardFunctions: Set<String> = [
        "print", "zip", "min", "max", "abs", "stride", "precondition", "fatalError", "type", "repeatElement",
    ]
    /// Standard-library members used on values.
    static let standardMembers: Set<String> = [
        "map", "compactMap", "flatMap", "filter", "reduce", "count", "first", "last", "append", "isEmpty", "keys",
        "values", "sorted", "joined", "contains", "enumerated", "indices", "description", "forEach", "prefix",
        "suffix", "dropFirst", "dropLast", "reversed", "init", "self", "rawValue", "max", "min", "now", "duration",
        "nan", "infinity", "pi", "withValue",
    ]
    /// Names from other languages the docs compare with: Python's and
    /// Haiku's exceptions, Python literals, XLA's protobuf and C API names.
    static let foreignNames: Set<String> = [
        "ValueError", "TypeError", "AssertionError", "AttributeError", "IndexError", "NotImplementedError",
        "OverflowError", "UnboundLocalError", "NamedTuple", "True", "False", "None", "MissingRNGError",
        "NonEmptyStateError", "ExecutableBuildOptionsProto", "DebugOptions", "ToHostBuffer",
    ]
    /// Spans that show printed text shaped like a call: `tabulate`'s
    /// configuration column prints a module Haiku-style, with labels.
    static let printedForms: Set<String> = ["MLP(outputSizes: [300, 100, 10])"]
    /// Markers of a span in another language (Python, HLO, shell, math).
    static let foreignMarkers = [
        "hk.", "jax.", "jnp.", "lax.", "optax.", "np.", "tf.", "re.", "haiku.", "safetensors.", "stablehlo.", "sdy.",
        "mhlo.", "chlo.", "__", "'", "**", "$", "·", "ᵀ", "⁻", "⌈", "‖", "−", "²",
    ]
    static let repositoryFolders = ["Sources/", "Tests/", "Docs/", "Scripts/", "CXLA/"]
    static let fileExtensions: Set<String> = [
        "swift", "md", "py", "h", "so", "json", "txt", "npz", "npy", "gz", "pkl", "safetensors", "png",
    ]
}
