using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torchvision
    {
        /// <summary>
        /// TorchVision's model constructors, as TorchSharp's TorchVision package has them (<c>using static
        /// TorchSharp.torchvision.models;</c> then <c>resnet18()</c>). The networks are the course's own builds of
        /// torchvision's layouts; there are no pretrained weights to download, but <c>weights_file</c> loads a state
        /// dict saved with <c>Module.save</c>.
        /// </summary>
        public static partial class models
        {
            /// <summary>ResNet-18 (He et al. 2015): BasicBlock × (2, 2, 2, 2); 11,689,512 parameters at 1000 classes.</summary>
            public static Modules.ResNet resnet18(int num_classes = 1000, bool zero_init_residual = false, int groups = 1, int width_per_group = 64,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                Modules.ResNet.Build("ResNet18", false, [2, 2, 2, 2], num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>ResNet-34: BasicBlock × (3, 4, 6, 3); 21,797,672 parameters at 1000 classes.</summary>
            public static Modules.ResNet resnet34(int num_classes = 1000, bool zero_init_residual = false, int groups = 1, int width_per_group = 64,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                Modules.ResNet.Build("ResNet34", false, [3, 4, 6, 3], num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>ResNet-50 (v1.5: stride on the 3×3): Bottleneck × (3, 4, 6, 3); 25,557,032 parameters at 1000 classes.</summary>
            public static Modules.ResNet resnet50(int num_classes = 1000, bool zero_init_residual = false, int groups = 1, int width_per_group = 64,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                Modules.ResNet.Build("ResNet50", true, [3, 4, 6, 3], num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>ResNet-101: Bottleneck × (3, 4, 23, 3).</summary>
            public static Modules.ResNet resnet101(int num_classes = 1000, bool zero_init_residual = false, int groups = 1, int width_per_group = 64,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                Modules.ResNet.Build("ResNet101", true, [3, 4, 23, 3], num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>ResNet-152: Bottleneck × (3, 8, 36, 3).</summary>
            public static Modules.ResNet resnet152(int num_classes = 1000, bool zero_init_residual = false, int groups = 1, int width_per_group = 64,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                Modules.ResNet.Build("ResNet152", true, [3, 8, 36, 3], num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>Wide ResNet-50-2 (Zagoruyko and Komodakis 2016): ResNet-50 with twice the bottleneck width.</summary>
            public static Modules.ResNet wide_resnet50_2(int num_classes = 1000, bool zero_init_residual = false,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                resnet50(num_classes, zero_init_residual, 1, 128, replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);

            /// <summary>ResNeXt-50 32×4d (Xie et al. 2017): ResNet-50 with grouped 3×3 convolutions.</summary>
            public static Modules.ResNet resnext50_32x4d(int num_classes = 1000, bool zero_init_residual = false,
                (bool, bool, bool)? replace_stride_with_dilation = null, Func<int, Module<Tensor, Tensor>>? norm_layer = null,
                string? weights_file = null, bool skipfc = true, Device? device = null, int in_channels = 3) =>
                resnet50(num_classes, zero_init_residual, 32, 4, replace_stride_with_dilation, norm_layer, weights_file, skipfc, device, in_channels);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// ResNet in torchvision's layout: conv1 7×7/2 (no bias) → bn1 → relu → maxpool 3/2 → layer1 … layer4 (64, 128,
        /// 256, 512 planes; stride 2 from layer2 on, or dilation instead where asked) → avgpool (global) → flatten → fc.
        /// Initialised as torchvision does: Kaiming-normal (fan-out, ReLU) convolutions, BN γ = 1 and β = 0, and with
        /// <c>zero_init_residual</c> the last BN of every block at γ = 0, so that each block starts as the identity.
        /// </summary>
        public class ResNet : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> conv1, bn1, relu, maxpool;
            private readonly Sequential layer1, layer2, layer3, layer4;
            private readonly Module<Tensor, Tensor> avgpool, flatten, fc;

            /// <summary>The channels a block's output has per plane: 1 for BasicBlock, 4 for Bottleneck.</summary>
            public int Expansion { get; }

            internal static ResNet Build(string name, bool bottleneck, int[] layers, int num_classes, bool zero_init_residual, int groups,
                int width_per_group, (bool, bool, bool)? replace_stride_with_dilation, Func<int, Module<Tensor, Tensor>>? norm_layer,
                string? weights_file, bool skipfc, Device? device, int in_channels)
            {
                var model = new ResNet(name, bottleneck, layers, num_classes, zero_init_residual, groups, width_per_group,
                    replace_stride_with_dilation, norm_layer, in_channels);
                if (weights_file is not null)
                    model.load(weights_file, strict: !skipfc, skip: skipfc ? ["fc.weight", "fc.bias"] : null);
                if (device is not null && device.type != DeviceType.CPU) model.to(device);
                return model;
            }

            /// <summary>
            /// Creates the network: <paramref name="bottleneck"/> picks the block, <paramref name="layers"/> the number of
            /// blocks in each of the four stages.
            /// </summary>
            public ResNet(string name, bool bottleneck, int[] layers, int num_classes = 1000, bool zero_init_residual = false,
                int groups = 1, int width_per_group = 64, (bool, bool, bool)? replace_stride_with_dilation = null,
                Func<int, Module<Tensor, Tensor>>? norm_layer = null, int in_channels = 3) : base(name)
            {
                if (layers is not { Length: 4 } || layers.Any(n => n < 1))
                    throw new ArgumentException($"ResNet: layers must be 4 positive block counts, got [{string.Join(", ", layers ?? [])}]", nameof(layers));
                if (num_classes < 1) throw new ArgumentOutOfRangeException(nameof(num_classes), num_classes, "ResNet: num_classes must be positive");
                if (in_channels < 1) throw new ArgumentOutOfRangeException(nameof(in_channels), in_channels, "ResNet: in_channels must be positive");
                if (!bottleneck && (groups != 1 || width_per_group != 64))
                    throw new ArgumentException($"ResNet: BasicBlock supports only groups=1 and width_per_group=64 (got {groups}, {width_per_group})");
                norm_layer ??= planes => BatchNorm2d(planes);
                var dilate = replace_stride_with_dilation ?? (false, false, false);
                if (!bottleneck && (dilate.Item1 || dilate.Item2 || dilate.Item3))
                    throw new ArgumentException("ResNet: BasicBlock does not support dilation (replace_stride_with_dilation)");
                Expansion = bottleneck ? Bottleneck.expansion : BasicBlock.expansion;

                int inPlanes = 64, dilation = 1;
                Sequential Stage(int planes, int blocks, int stride, bool dilateStage)
                {
                    int previousDilation = dilation;
                    if (dilateStage) { dilation *= stride; stride = 1; }
                    Module<Tensor, Tensor>? downsample = null;
                    if (stride != 1 || inPlanes != planes * Expansion)
                        downsample = Sequential(Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), norm_layer(planes * Expansion));
                    var stage = Sequential();
                    for (int i = 0; i < blocks; i++)
                    {
                        stage.append(bottleneck
                            ? new Bottleneck(inPlanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null, groups, width_per_group, i == 0 ? previousDilation : dilation, norm_layer)
                            : new BasicBlock(inPlanes, planes, i == 0 ? stride : 1, i == 0 ? downsample : null, groups, width_per_group, 1, norm_layer));
                        inPlanes = planes * Expansion;
                    }
                    return stage;
                }

                conv1 = Conv2d(in_channels, 64, 7, stride: 2, padding: 3, bias: false);
                bn1 = norm_layer(64);
                relu = ReLU();
                maxpool = MaxPool2d(3, 2, padding: 1);
                layer1 = Stage(64, layers[0], 1, false);
                layer2 = Stage(128, layers[1], 2, dilate.Item1);
                layer3 = Stage(256, layers[2], 2, dilate.Item2);
                layer4 = Stage(512, layers[3], 2, dilate.Item3);
                avgpool = AdaptiveAvgPool2d(1);
                flatten = Flatten();
                fc = Linear(512 * Expansion, num_classes);
                RegisterComponents();

                foreach (var (_, m) in named_modules())
                {
                    if (m is Conv2d conv) init.kaiming_normal_(conv.weight!, mode: "fan_out", nonlinearity: "relu");
                    else if (m is BatchNorm2d bn) { init.ones_(bn.weight!); init.zeros_(bn.bias!); }
                }
                if (zero_init_residual)
                    foreach (var (_, m) in named_modules())
                        if (m is BasicBlock b) init.zeros_(b.LastNorm.weight!);
                        else if (m is Bottleneck c) init.zeros_(c.LastNorm.weight!);
            }

            /// <inheritdoc/>
            public override Tensor forward(Tensor input)
            {
                using var scope = NewDisposeScope();
                var x = maxpool.call(relu.call(bn1.call(conv1.call(input))));
                x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
                return fc.call(flatten.call(avgpool.call(x))).MoveToOuterDisposeScope();
            }

            /// <summary>
            /// torchvision's BasicBlock: conv 3×3 (stride) → BN → ReLU → conv 3×3 → BN, plus the shortcut (the input, or
            /// <c>downsample</c> of it when the shape changes), then ReLU. The convolutions have no bias.
            /// </summary>
            public class BasicBlock : Module<Tensor, Tensor>
            {
                /// <summary>Output channels per plane (1).</summary>
                public const int expansion = 1;
                // Declared in execution order: RegisterComponents registers fields in this order.
                private readonly Module<Tensor, Tensor> conv1, bn1, relu1, conv2, bn2;
                private readonly Module<Tensor, Tensor>? downsample;
                private readonly Module<Tensor, Tensor> relu2;

                /// <summary>
                /// A block from <paramref name="in_planes"/> to <paramref name="planes"/> channels; when the stride or the
                /// channels change, the shortcut is a 1×1 convolution (stride, no bias) and BN, as in torchvision's ResNet.
                /// </summary>
                public BasicBlock(long in_planes, long planes, long stride = 1)
                    : this(in_planes, planes, stride,
                        stride != 1 || in_planes != planes ? Sequential(Conv2d(in_planes, planes, 1, stride: stride, bias: false), BatchNorm2d(planes)) : null,
                        1, 64, 1, null) { }

                /// <summary>The block with an explicit shortcut module (null: the identity), as torchvision builds it.</summary>
                public BasicBlock(long in_planes, long planes, long stride, Module<Tensor, Tensor>? downsample, int groups, int base_width,
                    int dilation, Func<int, Module<Tensor, Tensor>>? norm_layer) : base(nameof(BasicBlock))
                {
                    if (groups != 1 || base_width != 64) throw new ArgumentException("BasicBlock only supports groups=1 and base_width=64");
                    if (dilation > 1) throw new ArgumentException("BasicBlock does not support dilation > 1");
                    norm_layer ??= p => BatchNorm2d(p);
                    conv1 = Conv2d(in_planes, planes, 3, stride: stride, padding: 1, bias: false);
                    bn1 = norm_layer((int)planes);
                    relu1 = ReLU();
                    conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
                    bn2 = norm_layer((int)planes);
                    this.downsample = downsample;
                    relu2 = ReLU();
                    RegisterComponents();
                }

                internal BatchNorm2d LastNorm => bn2 as BatchNorm2d ?? throw new InvalidOperationException("zero_init_residual needs BatchNorm2d layers");

                /// <inheritdoc/>
                public override Tensor forward(Tensor input)
                {
                    using var scope = NewDisposeScope();
                    var residual = bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(input)))));
                    var shortcut = downsample is null ? input : downsample.call(input);
                    return relu2.call(residual + shortcut).MoveToOuterDisposeScope();
                }
            }

            /// <summary>
            /// torchvision's Bottleneck (ResNet v1.5, the stride on the 3×3): conv 1×1 → BN → ReLU → conv 3×3 (stride,
            /// groups, dilation) → BN → ReLU → conv 1×1 (4 × planes) → BN, plus the shortcut, then ReLU.
            /// </summary>
            public class Bottleneck : Module<Tensor, Tensor>
            {
                /// <summary>Output channels per plane (4).</summary>
                public const int expansion = 4;
                // Declared in execution order: RegisterComponents registers fields in this order.
                private readonly Module<Tensor, Tensor> conv1, bn1, relu1, conv2, bn2, relu2, conv3, bn3;
                private readonly Module<Tensor, Tensor>? downsample;
                private readonly Module<Tensor, Tensor> relu3;

                /// <summary>A block from <paramref name="in_planes"/> to 4 × <paramref name="planes"/> channels, with the shortcut built as in torchvision's ResNet.</summary>
                public Bottleneck(long in_planes, long planes, long stride = 1)
                    : this(in_planes, planes, stride,
                        stride != 1 || in_planes != planes * expansion
                            ? Sequential(Conv2d(in_planes, planes * expansion, 1, stride: stride, bias: false), BatchNorm2d(planes * expansion)) : null,
                        1, 64, 1, null) { }

                /// <summary>The block with an explicit shortcut module (null: the identity), as torchvision builds it.</summary>
                public Bottleneck(long in_planes, long planes, long stride, Module<Tensor, Tensor>? downsample, int groups, int base_width,
                    int dilation, Func<int, Module<Tensor, Tensor>>? norm_layer) : base(nameof(Bottleneck))
                {
                    norm_layer ??= p => BatchNorm2d(p);
                    long width = planes * base_width / 64 * groups;
                    conv1 = Conv2d(in_planes, width, 1, bias: false);
                    bn1 = norm_layer((int)width);
                    relu1 = ReLU();
                    conv2 = Conv2d(width, width, 3, stride: stride, padding: dilation, dilation: dilation, groups: groups, bias: false);
                    bn2 = norm_layer((int)width);
                    relu2 = ReLU();
                    conv3 = Conv2d(width, planes * expansion, 1, bias: false);
                    bn3 = norm_layer((int)(planes * expansion));
                    this.downsample = downsample;
                    relu3 = ReLU();
                    RegisterComponents();
                }

                internal BatchNorm2d LastNorm => bn3 as BatchNorm2d ?? throw new InvalidOperationException("zero_init_residual needs BatchNorm2d layers");

                /// <inheritdoc/>
                public override Tensor forward(Tensor input)
                {
                    using var scope = NewDisposeScope();
                    var x = relu2.call(bn2.call(conv2.call(relu1.call(bn1.call(conv1.call(input))))));
                    var residual = bn3.call(conv3.call(x));
                    var shortcut = downsample is null ? input : downsample.call(input);
                    return relu3.call(residual + shortcut).MoveToOuterDisposeScope();
                }
            }
        }
    }
}
