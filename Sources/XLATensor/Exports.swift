@_exported import XLATypes
// The platform `jit` lowers for, which callers may choose (`LoweringTarget.$current`).
@_exported import enum XLAIR.LoweringTarget
