/// Which parameters of a tree a per-parameter module leaves alone: those
/// whose full name (`"module/parameter"`) matches a regular expression at
/// its start, as Python's `re.match` does (`ignore_regex` of Haiku's
/// `SNParamsTree` and `EMAParamsTree`). The empty pattern skips nothing.
///
/// The pattern uses Swift `Regex` syntax, which agrees with Python's `re`
/// for the usual constructs (`.*`, classes, groups, alternation, anchors).
struct ParameterNameFilter {
    /// The pattern as given.
    let pattern: String
    private let regex: Regex<AnyRegexOutput>?

    /// A filter skipping names that `pattern` matches at their start; it
    /// throws the compiler's message when `pattern` is not a valid regular
    /// expression.
    init(_ pattern: String) throws(HaikuError) {
        self.pattern = pattern
        guard !pattern.isEmpty else {
            regex = nil
            return
        }
        do {
            regex = try Regex(pattern)
        } catch {
            throw HaikuError.invalidArgument("ignore_regex '\(pattern)' is not a valid regular expression: \(error)",
                                             location: nil)
        }
    }

    /// Whether the parameter `name` (`"mlp/~/linear_0/w"`) is left alone.
    func skips(_ name: String) -> Bool {
        guard let regex else { return false }
        return name.prefixMatch(of: regex) != nil
    }
}

extension Module {
    /// `tree` with each parameter that `ignoreRegex` does not skip replaced
    /// by `transform(fullName, value)` (`fullName` is `"module/name"`),
    /// visiting modules, then names, in sorted order: how ``EMAParamsTree``
    /// and ``SNParamsTree`` make one submodule per parameter. An invalid
    /// pattern is an error naming this module, and every value is poisoned.
    func mapParameters(_ tree: Params, ignoring ignoreRegex: String,
                       _ transform: (_ fullName: String, _ value: Tensor) -> Tensor) -> Params {
        let filter: ParameterNameFilter
        do throws(HaikuError) {
            filter = try ParameterNameFilter(ignoreRegex)
        } catch {
            let failure = invalidArgument(error.reason)
            return tree.mapValues { $0.mapValues { failure.poisoned($0.type) } }
        }
        var result: Params = [:]
        for module in tree.keys.sorted() {
            let bundle = tree[module]!
            for name in bundle.keys.sorted() {
                let fullName = "\(module)/\(name)"
                let value = bundle[name]!
                result[module, default: [:]][name] = filter.skips(fullName) ? value : transform(fullName, value)
            }
        }
        return result
    }

    /// Haiku's name for the submodule of the parameter `fullName` in a
    /// per-parameter module: `/` becomes `__`, `~` becomes `tilde`
    /// (`"_tilde_"` for `EMAParamsTree`, `"_tilde"` for `SNParamsTree`).
    func submoduleName(_ fullName: String, tilde: String) -> String {
        fullName.replacing("/", with: "__").replacing("~", with: tilde)
    }
}
