/// The ops this target defines, for ``OpRegistry``.
enum BuiltinOps {
    static let all: [Op] = [
        // Elementwise, one operand.
        .neg, .abs, .sign, .exp, .expm1, .log, .log1p, .sqrt, .rsqrt, .cbrt, .tanh, .logistic, .sin, .cos, .tan,
        .erf, .erfc, .erfInv, .floor, .ceil, .roundNearestAfz, .roundNearestEven, .isFinite, .not, .popcnt,
        // Elementwise, two or three operands.
        .add, .sub, .mul, .div, .rem, .pow, .max, .min, .atan2, .nextAfter, .and, .or, .xor,
        .shiftLeft, .shiftRightLogical, .shiftRightArithmetic, .compare, .select, .clamp, .convert, .bitcastConvert,
        // Shapes.
        .constant, .iota, .broadcastInDim, .reshape, .transpose, .reverse, .slice, .dynamicSlice,
        .dynamicUpdateSlice, .concatenate, .pad, .sort,
        // Reductions and contractions.
        .reduce, .argmax, .argmin, .dotGeneral,
        // Factorizations and solves that XLA expands itself (no custom calls).
        .cholesky, .triangularSolve,
        // Control flow.
        .whileLoop, .caseBranch, .optimizationBarrier,
        // Host callbacks.
        .debugPrint,
        // Differentiation.
        .stopGradient,
        // Layout constraints for the SPMD partitioner (Sharding/).
        .shardingConstraint,
        // Collectives over named vmap axes and shardMap mesh axes.
        .allReduce, .allGather, .reduceScatter, .collectivePermute,
        // Convolution (lax.conv_general_dilated).
        .convolution,
        // Windowed reductions (pooling, cumulative reductions).
        .reduceWindow,
        // Gather and scatter in StableHLO's general form (Ops/Indexing).
        .gather, .scatter,
    ]
}
