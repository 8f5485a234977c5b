// The six standard ResNets differ only in their `ResNet.Config`, so they
// live together here; each takes `ResNet`'s options but the layout.

/// ResNet18 (`hk.nets.ResNet18`): ``ResNet`` with ``ResNet/Config/resnet18``.
public final class ResNet18: ResNet {
    /// A ResNet18 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet18, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}

/// ResNet34 (`hk.nets.ResNet34`): ``ResNet`` with ``ResNet/Config/resnet34``.
public final class ResNet34: ResNet {
    /// A ResNet34 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet34, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}

/// ResNet50 (`hk.nets.ResNet50`): ``ResNet`` with ``ResNet/Config/resnet50``.
public final class ResNet50: ResNet {
    /// A ResNet50 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet50, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}

/// ResNet101 (`hk.nets.ResNet101`): ``ResNet`` with ``ResNet/Config/resnet101``.
public final class ResNet101: ResNet {
    /// A ResNet101 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet101, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}

/// ResNet152 (`hk.nets.ResNet152`): ``ResNet`` with ``ResNet/Config/resnet152``.
public final class ResNet152: ResNet {
    /// A ResNet152 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet152, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}

/// ResNet200 (`hk.nets.ResNet200`): ``ResNet`` with ``ResNet/Config/resnet200``.
public final class ResNet200: ResNet {
    /// A ResNet200 with `numClasses` logits; the options are ``ResNet``'s.
    public init(_ numClasses: Int, bnConfig: BatchNormConfig = .init(), resnetV2: Bool = false,
                logitsConfig: LogitsConfig = .init(), name: ModuleName = nil,
                initialConvConfig: InitialConvConfig = .init(), strides: [Int] = [1, 2, 2, 2]) {
        super.init(layout: .resnet200, numClasses: numClasses, bnConfig: bnConfig, resnetV2: resnetV2,
                   logitsConfig: logitsConfig, name: name, initialConvConfig: initialConvConfig, strides: strides)
    }
}
