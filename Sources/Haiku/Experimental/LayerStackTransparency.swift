/// How a transparent layer stack names its layers' modules
/// (`hk.LayerStackTransparencyMapping`): the parameters of a stacked module
/// are stored under the names the layers' modules would have if the
/// layers were written as a loop, so the loop and the stack share one
/// parameter tree.
///
/// ```swift
/// /// Layer i of the stacked `linear_0` is `linear_i`.
/// struct NumberedLayers: LayerStackTransparencyMapping {
///     func stackedToFlat(_ stackedModuleName: String, index: Int) -> String {
///         stackedModuleName.replacingOccurrences(of: "0", with: "\(index)")
///     }
///     func flatToStacked(_ flatModuleName: String) -> (stackedModuleName: String, index: Int)? { ... }
/// }
/// ```
public protocol LayerStackTransparencyMapping {
    /// The name of layer `index`'s module whose stacked name is
    /// `stackedModuleName` (`stacked_to_flat`).
    func stackedToFlat(_ stackedModuleName: String, index: Int) -> String

    /// The stacked name and layer index of the module `flatModuleName`, or
    /// nil when it is not part of the stack (a parameter of the module that
    /// calls the stack) (`flat_to_stacked`).
    func flatToStacked(_ flatModuleName: String) -> (stackedModuleName: String, index: Int)?
}

extension LayerStack {
    /// Stacked parameters or state under the layers' own names (each
    /// stacked value sliced per layer); as they are without a map.
    func flattened(_ stacked: Params) throws -> Params {
        guard let transparencyMap else { return stacked }
        var flat: Params = [:]
        for (module, values) in stacked {
            for index in 0..<numLayers {
                let name = transparencyMap.stackedToFlat(module, index: index)
                guard flat[name] == nil else { throw invalid("conflicting unstacked module name for \(module) at \(name)") }
                flat[name] = values.mapValues { $0[TensorIndex.at(index)] }
            }
        }
        return flat
    }

    /// The layers' parameters or state stacked under their stacked names
    /// (values of modules outside the stack left out); as they are
    /// without a map.
    func stacked(_ flat: Params) throws -> Params {
        guard let transparencyMap else { return flat }
        guard numLayers > 0 else { throw invalid("a transparent layer stack needs at least one layer") }
        var layers = [Params](repeating: [:], count: numLayers)
        for (module, values) in flat {
            guard let (stackedName, index) = transparencyMap.flatToStacked(module) else { continue }
            guard layers.indices.contains(index) else {
                throw invalid("the transparency map puts \(module) at layer \(index), outside 0..<\(numLayers)")
            }
            for (name, value) in values {
                guard layers[index][stackedName]?[name] == nil else {
                    throw invalid("conflicting values for \(stackedName)/\(name) at index \(index)")
                }
                layers[index][stackedName, default: [:]][name] = value
            }
        }
        var stacked: Params = [:]
        for (module, values) in layers[0] {
            for name in values.keys {
                let slices = try layers.indices.map { index in
                    guard let slice = layers[index][module]?[name] else { throw invalid("layer \(index) has no \(module)/\(name)") }
                    return slice
                }
                stacked[module, default: [:]][name] = stack(slices)
            }
        }
        let names = { (layer: Params) in layer.reduce(0) { $0 + $1.value.count } }
        if let index = layers.indices.first(where: { names(layers[$0]) != names(layers[0]) }) {
            throw invalid("layer \(index) has other parameters than layer 0")
        }
        return stacked
    }
}
