// `import Haiku` is all a user needs: tensors, transformations and random
// numbers come with it.
@_exported import XLATensor
// Checkpoints (safetensors, NumPy .npz) come with `import Haiku` too.
@_exported import Checkpoints
// Optimizers (optax): gradient transformations, schedules and chains.
@_exported import Optimizers
