/// Parameters by module name, then parameter name (`hk.Params`):
/// `params["mlp/~/linear_0"]!["w"]`. Iterated, printed and flattened with
/// module names sorted, then parameter names, identically from run to run:
/// `{'linear': {'b': Array(...), 'w': Array(...)}}`.
public typealias Params = SortedDictionary<String, SortedDictionary<String, Tensor>>

/// State by module name, then state name (`hk.State`), ordered as ``Params``.
public typealias State = SortedDictionary<String, SortedDictionary<String, Tensor>>
