// The HLO-like IR every transformation works on, and its lowering to StableHLO.
//
// - Core/: values, instructions (op + operands + attributes + results +
//   regions + an effect flag), regions, functions, modules, literals,
//   ``OpDefinition`` (one type per op or op family holds its attribute
//   schema, shape rule, lowering and folding), ``OpRegistry``, ``IRError``
//   and ``FunctionBuilder``, the interface a tracer appends through.
// - Ops/: the core op set, one file per op or family.
// - Text/: the readable IR text (``Program/irText``, ``Program/init(parsing:)``).
// - Verifier/: type, shape, scope and effect checks (``Program/verify()``).
// - Passes/: ``PassManager``, dead-code elimination, common-subexpression
//   elimination, constant folding, slices of products narrowed,
//   sums of padded pieces as concatenations.
// - Emission/: ``Program/stableHLO(for:)``, text both tested CPU plugins compile.
// - Sharding/: what the SPMD partitioner reads: ``MainAnnotations`` (Shardy
//   text on `main`) and the ``ShardingConstraint`` op.
@_exported import XLATypes
