extension Frame {
    /// Runs a transformed function as ``runReportingFirstError(_:)`` does,
    /// then ``auditMethodBoundaries()`` once it returned.
    func runCheckingBoundaries<Result>(_ body: () throws -> Result) throws -> Result {
        try runReportingFirstError {
            let result = try body()
            auditMethodBoundaries()
            return result
        }
    }

    /// Records, as the run's error, a module that forgot its method boundary
    /// without making a value of its own (which
    /// ``HaikuError/missingMethodBoundary(module:method:value:location:)``
    /// reports): none of its methods ran through
    /// ``Module/method(_:name:nameLike:_:)``, yet a module it made in its
    /// initializer ran, or the module made right after it in the same
    /// method (or transformed function) ran. Such a submodule was made or
    /// called by a method of it that forgot the boundary, and named in the
    /// caller's scope, silently unlike Haiku (whose methods are all wrapped).
    ///
    /// Runs when the transformed function returns, and only when the run
    /// has no error yet.
    func auditMethodBoundaries() {
        guard firstError == nil, let created = scopes.first?.createdInRun else { return }
        for (index, module) in created.enumerated() where !module.usedItsBoundary && !(module is any NamingOnlyModule) {
            guard let submodule = Self.submoduleThatRan(without: module, after: index, in: created) else { continue }
            _ = fail(.submoduleOutsideMethodBoundary(
                module: module.moduleName, className: module.className, submodule: submodule.moduleName))
            return
        }
    }

    /// A module that ran although `module`, the `index`th of `created`,
    /// never entered its boundary: one of its initializer's children, or
    /// the next module made in the same method.
    private static func submoduleThatRan(without module: Module, after index: Int, in created: [Module]) -> Module? {
        let child = created.first { $0.usedItsBoundary && $0.scope?.owner === module && $0.scope?.method == "__init__" }
        if let child { return child }
        // Siblings made in an initializer may be used in some calls only.
        guard let scope = module.scope, scope.method != "__init__" else { return nil }
        let next = created[(index + 1)...].first { $0.scope === scope }
        return next?.usedItsBoundary == true ? next : nil
    }
}

/// A module the library makes only to name values under (a name scope, a
/// lifted function's prefix): it has no method to forget a boundary in.
protocol NamingOnlyModule: Module {}

extension NameScopeModule: NamingOnlyModule {}

extension LiftingModule: NamingOnlyModule {}
