/// Parameters by module name, then parameter name (`hk.Params`):
/// `params["mlp/~/linear_0"]!["w"]`. Flattened in sorted-key order, as Haiku.
public typealias Params = [String: [String: Tensor]]

/// State by module name, then state name (`hk.State`).
public typealias State = [String: [String: Tensor]]
