/// Every probe, family by family, in the order `hkprobe run` runs them.
let allProbes: [Probe] = shapeProbes + creationProbes + indexingProbes + convolutionProbes + windowProbes
    + reductionProbes + linalgProbes + randomProbes + autodiffProbes + transformationProbes + haikuProbes + recurrentProbes
    + attentionProbes + optimizerProbes + checkpointProbes + datasetProbes
