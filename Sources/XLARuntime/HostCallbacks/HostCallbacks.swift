import Synchronization
import XLATypes

/// Swift functions that compiled programs call on the host while they run
/// (JAX's host callbacks), through one XLA FFI custom-call target.
///
/// A program calls one with
/// `stablehlo.custom_call @hk_host_callback(...)` whose dictionary
/// `backend_config` names it (`callback = "debug_print"`) and carries its
/// other attributes; see ``HostCallbacks/targetName``. The plugin's FFI
/// extension learns the target when the plugin loads
/// (``Plugin/supportsHostCallbacks``).
///
/// ```swift
/// HostCallbacks.register("log_sum") { arrays, attributes in
///     print(attributes.strings["label"] ?? "", arrays[0].shape)
/// }
/// ```
public enum HostCallbacks {
    /// The custom-call target every host callback goes through.
    public static let targetName = "hk_host_callback"

    /// A host callback: the operands and the custom call's attributes.
    /// A thrown error fails the running computation with its description.
    public typealias Body = @Sendable ([HostArray], HostCallbackAttributes) throws -> Void

    private static let table = Mutex<[String: Body]>([:])

    /// Makes `body` the callback that programs call by `name`, replacing
    /// any earlier one.
    public static func register(_ name: String, _ body: @escaping Body) {
        table.withLock { $0[name] = body }
    }

    /// Runs the callback the attributes name.
    ///
    /// - Throws: ``HostCallbackError`` when no `callback` attribute is
    ///   given or nothing is registered under it; what the callback throws.
    static func call(_ arrays: [HostArray], _ attributes: HostCallbackAttributes) throws {
        guard let name = attributes.strings["callback"] else {
            throw HostCallbackError("the custom call has no 'callback' attribute naming its host callback")
        }
        guard let body = table.withLock({ $0[name] }) else {
            throw HostCallbackError("no host callback is registered as '\(name)'")
        }
        try body(arrays, attributes)
    }
}

/// One operand of a host callback, copied to the host: row-major bytes.
public struct HostArray: Sendable, Equatable {
    /// The element type.
    public let elementType: ElementType
    /// The dimensions; empty for a scalar.
    public let shape: [Int]
    /// The elements in row-major order, `elementType.byteCount` bytes each.
    public let bytes: [UInt8]

    /// An array from its parts.
    public init(elementType: ElementType, shape: [Int], bytes: [UInt8]) {
        self.elementType = elementType
        self.shape = shape
        self.bytes = bytes
    }
}

/// The attributes of a host-callback custom call, by kind.
public struct HostCallbackAttributes: Sendable, Equatable {
    /// String attributes.
    public var strings: [String: String] = [:]
    /// Integer attributes.
    public var integers: [String: Int] = [:]

    /// No attributes.
    public init() {}
}

/// Why a host callback could not run; the computation fails with it.
public struct HostCallbackError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public let description: String

    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
