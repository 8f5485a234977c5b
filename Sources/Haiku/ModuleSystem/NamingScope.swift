import Synchronization

/// One place modules are named in: a call of a module method (or a
/// module's initializer, or the transformed function itself), with Haiku's
/// counters and used names. Modules created in it wait in `pending` until a
/// parent created later claims them as constructor children or their name
/// is needed; names are then given in creation order.
final class NamingScope {
    /// The module whose method this is; nil for the transformed function.
    let owner: Module?
    /// `__init__`, `__call__` or another method's name.
    let method: String
    private var counters: [String: Int] = [:]
    private var usedNames: Set<String> = []
    var pending: [Module] = []
    /// The modules created during the run, in creation order: kept by the
    /// transformed function's own scope for ``Frame/auditMethodBoundaries()``.
    var createdInRun: [Module] = []

    init(owner: Module?, method: String) {
        self.owner = owner
        self.method = method
    }

    /// The counters, used names and pending modules, to put back after
    /// code whose effects are discarded.
    var memento: (counters: [String: Int], usedNames: Set<String>, pending: [Module]) {
        get { (counters, usedNames, pending) }
        set { (counters, usedNames, pending) = newValue }
    }

    /// What names made here start with: `parent/~/` in an initializer,
    /// `parent/` in `callAsFunction`, `parent/~method/` in another method.
    private var prefix: String {
        guard let owner else { return "" }
        switch method {
        case "__init__": return owner.moduleName + "/~/"
        case "__call__": return owner.moduleName + "/"
        default: return owner.moduleName + "/~\(method)/"
        }
    }

    /// Names the pending modules up to `module`, in creation order.
    func resolve(upTo module: Module) {
        while !pending.isEmpty {
            let next = pending.removeFirst()
            next.resolvedName = uniqueName(next.baseName)
            if next === module { return }
        }
    }

    /// Haiku's `unique_and_canonical_name`: numbered per scope (`linear`,
    /// `linear_1`, ...); an explicit trailing number is kept and moves the
    /// counter past it.
    private func uniqueName(_ base: String) -> String {
        let (stem, explicit) = Self.nameAndNumber(prefix + base)
        let number = explicit ?? counters[stem, default: 0]
        let name = explicit != nil || number > 0 ? "\(stem)_\(number)" : stem
        if usedNames.contains(name), let frame = Frame.current { _ = frame.fail(.duplicateModuleName(name)) }
        usedNames.insert(name)
        counters[stem] = Swift.max(counters[stem, default: 0], number + 1)
        return name
    }

    /// `linear_3` → (`linear`, 3); `linear` → (`linear`, nil); `linear_03`
    /// has no number (Haiku's `_(0|[1-9]\d*)$`).
    static func nameAndNumber(_ name: String) -> (String, Int?) {
        guard let underscore = name.lastIndex(of: "_") else { return (name, nil) }
        let digits = name[name.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), digits == "0" || digits.first != "0",
              let number = Int(digits) else { return (name, nil) }
        return (String(name[..<underscore]), number)
    }
}

/// Modules created outside any transform, waiting to be claimed by a parent
/// or named where they are first used. Held weakly: a module nobody keeps
/// is dropped, not kept for the life of the process.
enum DetachedModules {
    private static let pending = Mutex(Entries())

    struct Entries: @unchecked Sendable { var modules: [Entry] = [] }

    struct Entry {
        weak var module: Module?
        let sequence: Int
    }

    /// Removes and returns the modules created after `start`.
    static func claim(after start: Int) -> [Module] {
        pending.withLock { list in
            let claimed = list.modules.filter { $0.sequence > start }.compactMap(\.module)
            list.modules.removeAll { $0.sequence > start || $0.module == nil }
            return claimed
        }
    }

    static func add(_ module: Module) {
        pending.withLock { $0.modules.append(Entry(module: module, sequence: module.sequence)) }
    }

    static func remove(_ module: Module) {
        pending.withLock { $0.modules.removeAll { $0.module === module || $0.module == nil } }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
