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
    /// initializer ran: called by a method of it that forgot the boundary
    /// (unlike Haiku, whose methods are all wrapped). A submodule such a
    /// method makes is not told apart from a module made beside an unused
    /// one (as `multiTransform`'s functions do), so it is not reported.
    ///
    /// Runs when the transformed function returns, and only when the run
    /// has no error yet.
    func auditMethodBoundaries() {
        guard firstError == nil, let created = scopes.first?.createdInRun else { return }
        for module in created where !module.usedItsBoundary && !(module is any NamingOnlyModule) {
            guard let submodule = Self.submoduleThatRan(without: module, in: created) else { continue }
            _ = fail(.submoduleOutsideMethodBoundary(
                module: module.moduleName, className: module.className, submodule: submodule.moduleName))
            return
        }
    }

    /// A child of `module`'s initializer that ran although `module` never
    /// entered its boundary.
    private static func submoduleThatRan(without module: Module, in created: [Module]) -> Module? {
        created.first { $0.usedItsBoundary && $0.scope?.owner === module && $0.scope?.method == "__init__" }
    }
}

/// A module the library makes only to name values under (a name scope, a
/// lifted function's prefix): it has no method to forget a boundary in.
protocol NamingOnlyModule: Module {}

extension NameScopeModule: NamingOnlyModule {}

extension LiftingModule: NamingOnlyModule {}
