// `import Haiku` is all a user needs: tensors, transformations and random
// numbers come with it.
@_exported import XLATensor
