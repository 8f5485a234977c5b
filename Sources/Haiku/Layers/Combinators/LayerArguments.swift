/// The extra arguments of a layer call, by label (Haiku's `**kwargs`):
/// what a ``Sequential`` passes to its first layer.
///
/// ```swift
/// let y = net(x, arguments: ["isTraining": true, "testLocalStats": false])
/// ```
///
/// A layer reads the labels it takes with ``value(_:as:by:)`` and rejects
/// the others with ``accept(only:by:)``.
public struct LayerArguments: ExpressibleByDictionaryLiteral {
    /// The arguments, in the order given.
    public let entries: [(label: String, value: Any)]

    /// Arguments with these labels and values.
    public init(dictionaryLiteral elements: (String, Any)...) {
        entries = elements.map { (label: $0.0, value: $0.1) }
    }

    /// Whether there are none.
    public var isEmpty: Bool { entries.isEmpty }

    /// The labels, in the order given.
    public var labels: [String] { entries.map(\.label) }

    /// The value labelled `label` as a `T`, or nil when there is none; a
    /// value of another type is an error naming `layer` (a module, or a
    /// string that describes the layer).
    public func value<T>(_ label: String, as type: T.Type = T.self, by layer: Any) throws(HaikuError) -> T? {
        guard let entry = entries.last(where: { $0.label == label }) else { return nil }
        guard let value = entry.value as? T else {
            throw LayerArguments.error("`\(label)` must be \(T.self), not \(Swift.type(of: entry.value))", layer)
        }
        return value
    }

    /// The value labelled `label` as a `T`; a missing one is an error
    /// naming `layer`, as Haiku's missing positional argument.
    public func required<T>(_ label: String, as type: T.Type = T.self, by layer: Any) throws(HaikuError) -> T {
        guard let value = try value(label, as: type, by: layer) else {
            throw LayerArguments.error("missing argument `\(label)`", layer)
        }
        return value
    }

    /// Nothing when every label is one of `accepted`, given once; otherwise
    /// an error naming `layer` and the labels it does not take (or the one
    /// given twice).
    public func accept(only accepted: Set<String>, by layer: Any) throws(HaikuError) {
        if let repeated = labels.enumerated().first(where: { labels[..<$0.offset].contains($0.element) })?.element {
            throw LayerArguments.error("got argument `\(repeated)` twice", layer)
        }
        let unexpected = labels.filter { !accepted.contains($0) }
        guard unexpected.isEmpty else {
            let list = unexpected.map { "`\($0)`" }.joined(separator: ", ")
            throw LayerArguments.error("got unexpected argument\(unexpected.count == 1 ? "" : "s") \(list)", layer)
        }
    }

    /// `call`'s output, once every label is one of `accepted`. An error (a
    /// label `layer` does not take, or one `call` throws while reading a
    /// value) gives instead a tensor of `inputs`' type poisoned by it, which
    /// `initialize` and `apply` throw.
    ///
    /// ```swift
    /// public func callAsLayer(_ inputs: Tensor, arguments: LayerArguments) -> Tensor {
    ///     arguments.call(self, accepting: ["isTraining"], inputs) { () throws(HaikuError) in
    ///         self(inputs, isTraining: try arguments.required("isTraining", by: self))
    ///     }
    /// }
    /// ```
    public func call(_ layer: Any, accepting accepted: Set<String>, _ inputs: Tensor,
                     _ call: () throws(HaikuError) -> Tensor) -> Tensor {
        do throws(HaikuError) {
            try accept(only: accepted, by: layer)
            return try call()
        } catch {
            return error.poisoned(inputs.type)
        }
    }

    /// `reason` as an error naming `layer`: a module by its name and class,
    /// a string as it is, anything else by its type.
    static func error(_ reason: String, _ layer: Any) -> HaikuError {
        if let module = layer as? Module { return module.invalidArgument(reason) }
        return .invalidArgument("\(layer as? String ?? "\(type(of: layer))"): \(reason)", location: nil)
    }
}
