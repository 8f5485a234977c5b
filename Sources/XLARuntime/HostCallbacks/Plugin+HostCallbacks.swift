import CXLA

extension Plugin {
    /// Whether programs compiled by this plugin can call
    /// ``HostCallbacks`` (its FFI extension accepted the handler).
    public var supportsHostCallbacks: Bool { hostCallbackProblem == nil }

    /// Registers the host-callback handler for ``HostCallbacks/targetName``
    /// on the `Host` platform through the plugin's FFI extension (the
    /// version-1 argument layout, which API 0.81 and 0.115 plugins take).
    ///
    /// - Returns: nil when registered, else why not.
    func registerHostCallbackHandler() -> String? {
        var next = api.pointee.extension_start
        while let extensionBase = next, extensionBase.pointee.type != PJRT_Extension_Type_FFI {
            next = extensionBase.pointee.next
        }
        guard let extensionBase = next else { return "the plugin has no FFI extension" }
        guard extensionBase.pointee.struct_size >= MemoryLayout<CXLA_FFI_Extension>.size else {
            return "the plugin's FFI extension has no handler registration"
        }
        let ffi = UnsafeRawPointer(extensionBase).assumingMemoryBound(to: CXLA_FFI_Extension.self)
        guard let register = ffi.pointee.register_handler else {
            return "the plugin's FFI extension has no handler registration"
        }
        let target = HostCallbacks.targetName, platform = "Host"
        let error = target.withCString { targetName in
            platform.withCString { platformName in
                var args = CXLA_FFI_RegisterHandlerArgs()
                args.struct_size = MemoryLayout<CXLA_FFI_RegisterHandlerArgs>.offset(of: \.traits)! + MemoryLayout<UInt32>.size
                args.target_name = targetName
                args.target_name_size = target.utf8.count
                args.handler = unsafeBitCast(hostCallbackHandler, to: UnsafeMutableRawPointer.self)
                args.platform_name = platformName
                args.platform_name_size = platform.utf8.count
                args.traits = 0
                return register(&args)
            }
        }
        guard let error else { return nil }
        return "\(take(error, during: "registering the host-callback handler"))"
    }
}
