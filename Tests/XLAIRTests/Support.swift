import XLAIR
import XLARuntime

/// Both CPU plugins: every emitted program must compile on each.
let cpuPlugins = ["lammps-jax-pjrt-cpu", "xla-cpu-pjrt"]

/// Emits, compiles and runs a program on a plugin; returns the results as literals.
func run(_ program: Program, _ inputs: [Literal], plugin: String = "cpu") throws -> [Literal] {
    let client = try Client.shared(plugin)
    let executable = try client.compile(try program.stableHLO())
    let buffers = try inputs.map { input in
        try input.bytes.withUnsafeBytes { try client.buffer(bytes: $0, type: input.type) }
    }
    return try executable.execute(buffers).map { buffer in
        var bytes = [UInt8](repeating: 0, count: buffer.type.byteCount)
        try bytes.withUnsafeMutableBytes { try buffer.copyBytes(to: $0) }
        return Literal(type: buffer.type, bytes: bytes)
    }
}
