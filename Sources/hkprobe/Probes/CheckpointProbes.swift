import Glibc
import Haiku

/// A safetensors file: the header's length (8 bytes, little-endian), the header, then `data`.
func safetensorsBytes(header: String, data: [UInt8] = []) -> [UInt8] {
    let json = Array(header.utf8)
    return withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init) + json + data
}

/// A version 1.0 `.npy` file with `header` (padded as NumPy pads it) and `data`.
func npyBytes(header: String, data: [UInt8] = []) -> [UInt8] {
    var text = Array(header.utf8)
    while (10 + text.count + 1) % 64 != 0 { text.append(UInt8(ascii: " ")) }
    text.append(UInt8(ascii: "\n"))
    let length = UInt16(text.count)
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + text + data
}

/// Writes `bytes` to a new file under the temporary directory; its path.
func temporaryFile(_ bytes: [UInt8], suffix: String) -> String {
    var template = Array("/tmp/hkprobe-XXXXXX\(suffix)".utf8CString)
    let descriptor = mkstemps(&template, Int32(suffix.utf8.count))
    precondition(descriptor >= 0, "hkprobe cannot create a temporary file")
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Safetensors, NumPy and checkpoint files with overflowing, truncated or malformed headers.
let checkpointProbes: [Probe] = [
    Probe("checkpoints/safetensors-shape-2^32x2^32x0", expect: .error) {
        let header = #"{"x":{"dtype":"F32","shape":[4294967296,4294967296,0],"data_offsets":[0,0]}}"#
        try read(tree: SafeTensors.decode(safetensorsBytes(header: header)).tensors)
    },
    Probe("checkpoints/safetensors-shape-negative", expect: .error) {
        let header = #"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#
        try read(tree: SafeTensors.decode(safetensorsBytes(header: header, data: [0, 0, 0, 0])).tensors)
    },
    Probe("checkpoints/safetensors-offsets-past-end", expect: .error) {
        let header = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,9223372036854775807]}}"#
        try read(tree: SafeTensors.decode(safetensorsBytes(header: header, data: [0, 0, 0, 0])).tensors)
    },
    Probe("checkpoints/safetensors-offsets-reversed", expect: .error) {
        let header = #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#
        try read(tree: SafeTensors.decode(safetensorsBytes(header: header, data: [0, 0, 0, 0])).tensors)
    },
    Probe("checkpoints/safetensors-header-length-2^64-1", expect: .error) {
        try read(tree: SafeTensors.decode([UInt8](repeating: 0xFF, count: 8) + Array("{}".utf8)).tensors)
    },
    Probe("checkpoints/safetensors-truncated", expect: .error) { _ = try SafeTensors.decode([1, 2, 3]) },
    Probe("checkpoints/safetensors-garbage-json", expect: .error) {
        _ = try SafeTensors.decode(safetensorsBytes(header: #"{"x":[[[[[[[[[[[[[[[[[[[[[[[[{"#))
    },
    Probe("checkpoints/safetensors-unknown-dtype", expect: .error) {
        let header = #"{"x":{"dtype":"Q7","shape":[1],"data_offsets":[0,1]}}"#
        _ = try SafeTensors.decode(safetensorsBytes(header: header, data: [0]))
    },
    Probe("checkpoints/npy-shape-2^32x2^32x0", expect: .error) {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0), }"
        try read(NumPy.loadNPY(from: temporaryFile(npyBytes(header: header), suffix: ".npy")))
    },
    Probe("checkpoints/npy-shape-negative", expect: .error) {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"
        try read(NumPy.loadNPY(from: temporaryFile(npyBytes(header: header, data: [0, 0, 0, 0]), suffix: ".npy")))
    },
    Probe("checkpoints/npy-shape-huge-dimension", expect: .error) {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }"
        try read(NumPy.loadNPY(from: temporaryFile(npyBytes(header: header), suffix: ".npy")))
    },
    Probe("checkpoints/npy-truncated-data", expect: .error) {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }"
        try read(NumPy.loadNPY(from: temporaryFile(npyBytes(header: header, data: [1, 2]), suffix: ".npy")))
    },
    Probe("checkpoints/npz-garbage", expect: .error) { _ = try NumPy.decodeNPZ(Array("PK\u{3}\u{4}garbage".utf8)) },
    Probe("checkpoints/load-missing-file", expect: .error) { _ = try Checkpoint.load(from: "/nonexistent-hkprobe/x.safetensors") },
    Probe("checkpoints/load-directory", expect: .error) { _ = try SafeTensors.load(from: "/tmp") },
    Probe("checkpoints/save-poisoned-tensor", expect: .error) {
        _ = try SafeTensors.encode(["x": Tensor([1.0, 2]) + Tensor([1.0, 2, 3])])
    },
]
