@_exported import XLATypes
