/// The programs eager execution compiles and keeps: one per (op,
/// attributes, operand types), and one `jit` function per library routine
/// run as a whole (samplers, `einsum`). Each store holds at most
/// ``capacity`` entries and drops the least recently used beyond it; each
/// routine's function keeps at most as many shapes (the capacity when the
/// routine was first run).
///
/// ```swift
/// EagerCache.capacity = 64    // keep fewer op programs
/// EagerCache.clear()          // release them all; later ops compile again
/// ```
///
/// The client's ``XLARuntime/ExecutableCache`` (`Client.shared().cache`)
/// keeps its own bounded copies of the executables; clear it too to release
/// their memory.
public enum EagerCache {
    /// The capacity each store starts with.
    public static let defaultCapacity = 256

    /// The most entries each store keeps; lowering it evicts at once.
    public static var capacity: Int {
        get { EagerExecutor.shared.capacity }
        set {
            EagerExecutor.shared.capacity = newValue
            EagerProgram.capacity = newValue
        }
    }

    /// The number of op programs and routine functions held now.
    public static var count: Int { EagerExecutor.shared.count + EagerProgram.count }

    /// Drops every cached eager program; the next use of each compiles again.
    public static func clear() {
        EagerExecutor.shared.removeAll()
        EagerProgram.removeAll()
    }
}
