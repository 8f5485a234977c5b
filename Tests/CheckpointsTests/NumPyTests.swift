import Foundation
@testable import Checkpoints
import Haiku
import Testing

/// NumPy `.npz`/`.npy` reading (from `np.savez` and `np.savez_compressed`)
/// and `.npz` writing.
@Suite struct NumPyTests {
    @Test func readsEveryDTypeFromSavez() throws {
        let fixture = try DTypesFixture.load()
        let arrays = try NumPy.loadNPZ(from: fixturePath("dtypes.npz"))
        #expect(arrays.keys.sorted() == (fixture.tensors.keys.filter { $0 != "bfloat16" } + ["big_endian"]).sorted())
        for (name, array) in fixture.tensors where name != "bfloat16" {
            array.expectEqual(arrays[name], name)
        }
        // '>f4' data is byte-swapped into the same float32 values.
        fixture.tensors["float32"]!.expectEqual(arrays["big_endian"], "big_endian")
    }

    /// Haiku's MLP([3, 2]) parameters saved by `np.savez` and by
    /// `np.savez_compressed` load as Params, equal to the fixture and to
    /// Swift Haiku's own initialization with the same seed.
    @Test(arguments: ["haiku_mlp.npz", "haiku_mlp_compressed.npz"])
    func loadsHaikuParams(_ name: String) throws {
        let fixture = try MLPFixture.load()
        let f = transform { (x: Tensor) in MLP([3, 2])(x) }
        let template = try f.initialize(rng: PRNGKey(42), Tensor.ones([1, 4]))
        let params = try NumPy.loadParams(from: fixturePath(name), matching: template)
        #expect(params.keys.sorted() == ["mlp/~/linear_0", "mlp/~/linear_1"])
        for (key, array) in fixture.params {
            let slash = key.lastIndex(of: "/")!
            array.expectEqual(params[String(key[..<slash])]?[String(key[key.index(after: slash)...])], key)
        }
        #expect(bitEqual(params, template))
        // And they run: the outputs agree.
        let x = Tensor([Float(0.5), -1, 2, 0.25], shape: [1, 4])
        #expect(try f.apply(params, x).scalars(as: Float.self) == f.apply(template, x).scalars(as: Float.self))
    }

    @Test func templateMismatch() throws {
        let path = fixturePath("haiku_mlp.npz")
        let wrong: Params = ["mlp/~/linear_0": ["w": Tensor.zeros([4, 4]), "b": Tensor.zeros([3])],
                             "mlp/~/linear_1": ["w": Tensor.zeros([3, 2]), "b": Tensor.zeros([2])]]
        #expect(checkpointError { _ = try NumPy.loadParams(from: path, matching: wrong) }
            == .typeMismatch(file: path, key: "mlp/~/linear_0/w", expected: TensorType(.float32, [4, 4]), found: TensorType(.float32, [4, 3])))
        let f = transform { (x: Tensor) in MLP([3, 2])(x) }
        var missing = try f.initialize(rng: PRNGKey(0), Tensor.ones([1, 4]))
        missing["mlp/~/linear_2"] = ["w": Tensor.zeros([1])]
        #expect(checkpointError { _ = try NumPy.loadParams(from: path, matching: missing) }
            == .missingKey(file: path, key: "mlp/~/linear_2/w"))
    }

    @Test func fortranOrderIsRefused() {
        let path = fixturePath("fortran.npz")
        let error = checkpointError { _ = try NumPy.loadNPZ(from: path) }
        #expect(error == .unsupported(file: path, feature: "Fortran-order array 'fortran': save it with np.ascontiguousarray(x)"))
        #expect(error?.description == "'\(path)' uses an unsupported feature: Fortran-order array 'fortran': save it with np.ascontiguousarray(x).")
    }

    @Test func keysNeedAModule() {
        #expect(checkpointError { _ = try NumPy.params(from: ["w": Tensor(Float(1))], file: "f") }
            == .invalidKey(file: "f", key: "w", reason: "Haiku parameter keys are '<module>/<name>', such as 'mlp/~/linear_0/w'"))
    }

    @Test func saveNPZRoundTrips() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var arrays = TensorBytesTests.everyDType()
        arrays["bfloat16"] = nil
        let path = directory.file("all.npz")
        try NumPy.saveNPZ(arrays, to: path)
        let loaded = try NumPy.loadNPZ(from: path)
        #expect(loaded.keys.sorted() == arrays.keys.sorted())
        for (name, tensor) in arrays { #expect(bitEqual(loaded[name], tensor), "\(name)") }

        let params = CheckpointTests.sample().params
        try NumPy.saveParams(params, to: directory.file("params.npz"))
        #expect(bitEqual(try NumPy.loadParams(from: directory.file("params.npz")), params))
        #expect(directory.contents == ["all.npz", "params.npz"])
    }

    /// `compressed: true` writes deflated entries (as
    /// `np.savez_compressed`): smaller, loading to the same bits, and
    /// Python's own `zipfile` finds every CRC right and inflates each entry
    /// to exactly the `.npy` bytes of the stored archive.
    @Test func compressedNPZ() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var arrays = TensorBytesTests.everyDType()
        arrays["bfloat16"] = nil
        arrays["zeros"] = Tensor.zeros([64, 64])
        let (stored, deflated) = (directory.file("stored.npz"), directory.file("deflated.npz"))
        try NumPy.saveNPZ(arrays, to: stored)
        try NumPy.saveNPZ(arrays, to: deflated, compressed: true)
        let loaded = try NumPy.loadNPZ(from: deflated)
        for (name, tensor) in arrays { #expect(bitEqual(loaded[name], tensor), "\(name)") }
        let sizes = try [stored, deflated].map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as! Int }
        #expect(sizes[1] < sizes[0] - 16_000, "\(sizes)")

        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sys, zipfile
            a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
            assert a.testzip() is None and b.testzip() is None
            assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_DEFLATED}
            assert all(a.read(n) == b.read(n) for n in a.namelist()) and a.namelist() == b.namelist()
            print(len(b.namelist()))
            """, stored, deflated]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.trimmingCharacters(in: .whitespacesAndNewlines) == "\(arrays.count)")
    }

    @Test func bfloat16CannotBeSavedToNPZ() {
        let error = checkpointError { try NumPy.saveNPZ(["x": Tensor.zeros([2], dtype: .bfloat16)], to: "/tmp/unused.npz") }
        #expect(error == .unsupported(file: "/tmp/unused.npz", feature: "bfloat16 array 'x' (NumPy has no bfloat16; convert it to float32 first)"))
    }

    /// The headers `np.save` writes (NumPy 2.5.5) for a [2] float32, a
    /// [2, 3] int64 and a 0-d bool array.
    @Test func npyHeaderIsNumPys() {
        func header(_ descr: String, _ shape: [Int]) -> String {
            let bytes = NPYFormat.encode(descr: descr, shape: shape, data: [])
            #expect(bytes.prefix(8) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
            return String(decoding: bytes[10...], as: UTF8.self)
        }
        #expect(header("<f4", [2]) == "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }" + String(repeating: " ", count: 60) + "\n")
        #expect(header("<i8", [2, 3]) == "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }" + String(repeating: " ", count: 58) + "\n")
        #expect(header("|b1", []) == "{'descr': '|b1', 'fortran_order': False, 'shape': (), }" + String(repeating: " ", count: 62) + "\n")
    }

    @Test func damagedArchives() throws {
        let bytes = try fixtureBytes("haiku_mlp.npz")
        // Not a zip at all.
        #expect(checkpointError { _ = try NumPy.decodeNPZ(Array("hello, world, this is text".utf8), file: "f") }
            == .corrupted(file: "f", reason: "it is not a zip archive (an .npz file)"))
        // Cut short: the directory at the end is gone.
        #expect(checkpointError { _ = try NumPy.decodeNPZ(Array(bytes.prefix(500)), file: "f") }
            == .corrupted(file: "f", reason: "the zip archive has no end-of-directory record (the file may be truncated)"))
        // A flipped data byte fails the CRC check.
        var flipped = bytes
        flipped[200] ^= 0x01
        guard case .corrupted(file: "f", reason: let reason)? = checkpointError({ _ = try NumPy.decodeNPZ(flipped, file: "f") }) else {
            Issue.record("expected corrupted")
            return
        }
        #expect(reason.contains("CRC"))
    }

    /// Truncations and random byte changes of real archives (stored and
    /// deflated) give errors, never crashes.
    @Test func damagedArchivesNeverCrash() throws {
        for name in ["haiku_mlp.npz", "haiku_mlp_compressed.npz", "dtypes.npz"] {
            let bytes = try fixtureBytes(name)
            for length in stride(from: 0, to: bytes.count, by: 7) {
                #expect(throws: CheckpointError.self) { _ = try NumPy.decodeNPZ(Array(bytes.prefix(length))) }
            }
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<1000 {
                var damaged = bytes
                for _ in 0..<3 { damaged[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
                _ = try? NumPy.decodeNPZ(damaged)
            }
        }
    }

    @Test func npyFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let payload = NPYFormat.encode(descr: "<i2", shape: [2, 1], data: [1, 0, 0xFF, 0xFF])
        try Data(payload).write(to: URL(fileURLWithPath: directory.file("a.npy")))
        let tensor = try NumPy.loadNPY(from: directory.file("a.npy"))
        #expect(tensor.shape == [2, 1])
        #expect(try tensor.scalars(as: Int16.self) == [1, -1])
        // Truncated data, an unknown dtype, a bad header.
        #expect(checkpointError { _ = try NPYFormat.decode(Array(payload.dropLast()), file: "f", key: "a") }
            == .truncated(file: "f", size: payload.count - 1, needed: payload.count))
        #expect(checkpointError { _ = try NPYFormat.decode(NPYFormat.encode(descr: "<c8", shape: [1], data: Array(repeating: 0, count: 8)), file: "f", key: "a") }
            == .unknownDType(file: "f", key: "a", dtype: "<c8"))
        #expect(checkpointError { _ = try NPYFormat.decode(NPYFormat.encode(descr: "|O", shape: [1], data: []), file: "f", key: "a") }
            == .unknownDType(file: "f", key: "a", dtype: "|O"))
        var broken = payload
        broken[12] = UInt8(ascii: "@")
        guard case .badHeader(file: "f", reason: _)? = checkpointError({ _ = try NPYFormat.decode(broken, file: "f", key: "a") }) else {
            Issue.record("expected badHeader")
            return
        }
    }
}
