using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// How a model is trained — the one source of these settings: the notebook that trains the model reads them
/// (<c>ModelRegistry.Get(name).Training.For(smoke)</c>) and so does <c>course train --model name</c>, so both give the
/// same number. <see cref="Note"/> says where the values come from (d2l, the course's sources, or our choice).
/// </summary>
/// <param name="LearningRate">Initial learning rate.</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="Optimizer">"sgd" or "adam".</param>
/// <param name="Note">Where the values come from.</param>
public sealed record TrainingSettings(double LearningRate, int Epochs, int BatchSize, string Optimizer, string Note)
{
    /// <summary>Learning-rate schedule, stepped once per epoch: "none" or "cosine" (annealed to 0 over the epochs).</summary>
    public string Schedule { get; init; } = "none";
    /// <summary>Weight initialisation before training: "xavier" (d2l's <c>train_ch6</c>) or "none" (the layers' own).</summary>
    public string Init { get; init; } = "xavier";
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Seed of weights, shuffling and dropout.</summary>
    public int Seed { get; init; }
    /// <summary>A random subset of this many training images (null: all).</summary>
    public int? TrainLimit { get; init; }
    /// <summary>A random subset of this many test images (null: all).</summary>
    public int? TestLimit { get; init; }
    /// <summary>Random left–right flips of the training images (probability 0.5, seeded by <see cref="Seed"/>), as notebook 4 augments.</summary>
    public bool Flip { get; init; }
    /// <summary>The CPU profile's settings for a model that trains the same network in it (null: these); a model
    /// whose CPU profile is another network names it in <see cref="ModelInfo.CpuVariant"/> instead.</summary>
    public TrainingSettings? Cpu { get; init; }
    /// <summary>The smoke run's settings (null: <see cref="DefaultSmoke"/>): small data and few epochs, for CI.</summary>
    public TrainingSettings? Smoke { get; init; }

    /// <summary>One epoch on 2,048 training and 1,000 test images, otherwise the same.</summary>
    public TrainingSettings DefaultSmoke => this with { Epochs = 1, TrainLimit = 2048, TestLimit = 1000, Smoke = null, Note = "smoke run: " + Note };

    /// <summary>These settings, or the smoke run's when <paramref name="smoke"/>.</summary>
    public TrainingSettings For(bool smoke) => smoke ? Smoke ?? DefaultSmoke : this;

    /// <summary>The smoke run's settings in <see cref="RunMode.Smoke"/>, else these (see <see cref="ModelInfo.TrainingFor"/> for the CPU profile).</summary>
    public TrainingSettings For(RunMode mode) => For(mode == RunMode.Smoke);

    /// <inheritdoc />
    public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "{0} lr {1:G4}{2}{3}, batch {4}, {5} epoch(s), init {6}, seed {7}{8}{9}{10} ({11})", Optimizer, LearningRate,
        Momentum > 0 ? $", momentum {Momentum:G3}" : "", Schedule != "none" ? $" ({Schedule} schedule)" : "", BatchSize, Epochs, Init, Seed,
        TrainLimit is { } tr ? $", {tr:N0} training images" : "", TestLimit is { } te ? $", {te:N0} test images" : "", Flip ? ", random flips" : "", Note);
}

/// <summary>A registered model: metadata and a factory.</summary>
public sealed class ModelInfo
{
    private readonly Func<int, int, nn.Module<Tensor, Tensor>> _factory;

    internal ModelInfo(string name, string description, long[] inputShape, int numClasses, string dataset, int datasetImageSize,
        int? resizeTo, int pad, TrainingSettings training, Func<int, int, nn.Module<Tensor, Tensor>> factory)
    {
        Name = name; Description = description; InputShape = inputShape; NumClasses = numClasses; Dataset = dataset;
        DatasetImageSize = datasetImageSize; ResizeTo = resizeTo; Pad = pad; Training = training; _factory = factory;
    }

    /// <summary>Registry name, e.g. "alexnet".</summary>
    public string Name { get; }
    /// <summary>One-line description.</summary>
    public string Description { get; }
    /// <summary>Expected input (C, H, W) with the default channel count (a copy).</summary>
    public long[] InputShape { get => (long[])_inputShape.Clone(); private init => _inputShape = value; }
    private readonly long[] _inputShape = Array.Empty<long>();
    /// <summary>Default number of classes.</summary>
    public int NumClasses { get; }
    /// <summary>Dataset the model is meant for: fashion-mnist, mnist, cifar10, colors, shapes, color-shapes, imagenet.</summary>
    public string Dataset { get; }
    /// <summary>Native image size of that dataset (28 for MNIST-like sets, 32 for CIFAR-10, 224 for ImageNet crops).</summary>
    public int DatasetImageSize { get; }
    /// <summary>Size to resize the dataset's images to (null: none), e.g. 224 for AlexNet on Fashion-MNIST.</summary>
    public int? ResizeTo { get; }
    /// <summary>Zero padding to add on each side (LeNet-5: 2, 28 → 32).</summary>
    public int Pad { get; }
    /// <summary>Suggested training settings.</summary>
    public TrainingSettings Training { get; }
    /// <summary>The training loss when it is not cross-entropy (LeNet-5: the paper's MAP criterion), else null.</summary>
    public Func<Tensor, Tensor, Tensor>? Loss { get; init; }
    /// <summary>A pixel mapping applied after the preprocessing (LeNet-5: the paper's −0.1..1.175 scaling), else null.</summary>
    public Func<Tensor, Tensor>? InputMap { get; init; }

    /// <summary>
    /// The registered network the CPU profile trains instead of this one (null: this one, with <see cref="Training"/>):
    /// the same architecture from the same configuration table, built for smaller input and usually narrower.
    /// </summary>
    public string? CpuVariant { get; init; }

    /// <summary>The registered network a smoke run trains (null: the <see cref="CpuVariant"/>, else this one).</summary>
    public string? SmokeVariant { get; init; }

    /// <summary>
    /// The network a run in <paramref name="mode"/> trains: this one in full, the <see cref="CpuVariant"/> in the CPU
    /// profile, and in a smoke run the <see cref="SmokeVariant"/> or else the <see cref="CpuVariant"/> (each: this one when null).
    /// </summary>
    public ModelInfo For(RunMode mode) => mode switch
    {
        RunMode.Cpu => CpuVariant is { } c ? ModelRegistry.Get(c) : this,
        RunMode.Smoke => (SmokeVariant ?? CpuVariant) is { } s ? ModelRegistry.Get(s) : this,
        _ => this,
    };

    /// <summary>
    /// The settings a run in <paramref name="mode"/> trains with — the one place the notebooks and <c>course train
    /// --mode</c> read them: <see cref="Training"/> in full, the smoke settings in smoke, and in the CPU profile
    /// the <see cref="CpuVariant"/>'s <see cref="Training"/>, else <see cref="TrainingSettings.Cpu"/>, else <see cref="Training"/>
    /// (a model without either is CPU-sized already).
    /// </summary>
    public TrainingSettings TrainingFor(RunMode mode) => mode == RunMode.Cpu ? CpuVariant is null ? Training.Cpu ?? Training : For(mode).Training : Training.For(mode);

    /// <summary>Input shape with a batch dimension.</summary>
    public long[] InputShapeWithBatch(long batch = 1) => new[] { batch }.Concat(_inputShape).ToArray();

    /// <summary>"resize 28→224", "pad 2 (28→32)" or "none".</summary>
    public string Preprocessing => ResizeTo is { } r ? $"resize {DatasetImageSize}→{r}" : Pad > 0 ? $"pad {Pad} ({DatasetImageSize}→{DatasetImageSize + 2 * Pad})" : "none";

    /// <summary>Creates a fresh, randomly initialised model (defaults: <see cref="NumClasses"/>, the channels of <see cref="InputShape"/>).</summary>
    public nn.Module<Tensor, Tensor> Create(int? numClasses = null, int? inChannels = null)
    {
        int classes = numClasses ?? NumClasses, channels = inChannels ?? (int)_inputShape[0];
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), classes, $"{Name}: numClasses must be positive, got {classes}.");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), channels, $"{Name}: inChannels must be positive, got {channels}.");
        return _factory(classes, channels);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description} (input {string.Join("×", _inputShape)}, {NumClasses} classes, {Dataset})";
}

/// <summary>Looks models up by name (see <see cref="Names"/>).</summary>
public static class ModelRegistry
{
    private static readonly List<ModelInfo> All = Build();
    private static readonly Dictionary<string, ModelInfo> ByName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>All registered names, in registry order.</summary>
    public static IReadOnlyList<string> Names => All.Select(m => m.Name).ToList();

    /// <summary>All registered models.</summary>
    public static IReadOnlyList<ModelInfo> Models => All;

    /// <summary>True when <paramref name="name"/> is registered (case-insensitive).</summary>
    public static bool Contains(string name) => name is not null && ByName.ContainsKey(name);

    /// <summary>The model registered as <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known names.</exception>
    public static ModelInfo Get(string name)
    {
        if (name is not null && ByName.TryGetValue(name.Trim(), out var info)) return info;
        throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Shortcut for <c>Get(name).Create(numClasses, inChannels)</c>.</summary>
    public static nn.Module<Tensor, Tensor> Create(string name, int? numClasses = null, int? inChannels = null) => Get(name).Create(numClasses, inChannels);

    private static List<ModelInfo> Build()
    {
        const string d2l = "d2l";
        const string ours = "our choice (the course's sources give none)";
        var sgd = (double lr, int e, int b, string note) => new TrainingSettings(lr, e, b, "sgd", note);
        var adam = (double lr, int e, int b, string note) => new TrainingSettings(lr, e, b, "adam", note);
        var imagenet = sgd(0.01, 90, 256, "paper-style ImageNet schedule (SGD, momentum 0.9 in the papers); not meant for CPU training");
        var l = new List<ModelInfo>();
        void Add(string name, string desc, long[] shape, int classes, string dataset, int dsSize, int? resize, int pad, TrainingSettings t,
            Func<int, int, nn.Module<Tensor, Tensor>> f, Func<Tensor, Tensor, Tensor>? loss = null, Func<Tensor, Tensor>? inputMap = null, string? cpu = null, string? smoke = null) =>
            l.Add(new ModelInfo(name, desc, shape, classes, dataset, dsSize, resize, pad, t, f) { Loss = loss, InputMap = inputMap, CpuVariant = cpu, SmokeVariant = smoke });

        Add("lenet", "LeNet (d2l): sigmoid, average pooling, 61,706 parameters", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            sgd(0.9, 10, 256, "d2l's train_ch6: lr 0.9, 10 epochs, batch 256, Xavier init [d2l lecture 23]") with
            {
                // about 300 SGD steps: the sigmoid network needs over 200 to leave the loss plateau at ln 10
                Smoke = sgd(0.9, 3, 256, "smoke run: d2l's settings on 25,600 training images for 3 epochs") with { TrainLimit = 25_600, TestLimit = 1_000 },
            }, (k, c) => new LeNet(k, c));
        Add("lenet-bn", "LeNet with batch normalisation (d2l)", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            sgd(1.0, 10, 256, d2l), (k, c) => new LeNet(k, c, batchNorm: true));
        Add("lenet5", "LeNet-5 as published: subsampling, C3 connection table, RBF output (60,840 parameters)", new long[] { 1, 32, 32 }, 10, "mnist", 28, null, 2,
            adam(1e-3, 5, 64, "our choice: Adam instead of the paper's second-order method, 5 epochs instead of its 20 passes [LeCun 1998]") with
            {
                Init = "none",
                Smoke = adam(1e-3, 1, 64, "smoke run: 4,096 training images for 1 epoch") with { Init = "none", TrainLimit = 4_096, TestLimit = 1_000 },
            }, (k, c) => k == 10 ? new LeNet5(c) : throw new ArgumentException($"lenet5: the RBF output layer has one unit per digit bitmap, so numClasses must be 10, got {k}.", nameof(k)),
            loss: LeNet5.MapLoss, inputMap: LeNet5.ScalePixels);   // the paper's criterion and pixel scaling, as notebook 03 trains it
        // plain SGD at lr 0.01 stays at chance for the few steps of a smoke run (measured)
        var alexSmoke = adam(2e-4, 1, 16, "smoke run (notebook 4): alexnet-small, 1,024 training and 500 test images at 80×80, Adam, batch 16")
            with { TrainLimit = 1_024, TestLimit = 500, Flip = true };
        Add("alexnet", "AlexNet (d2l) for 1×224 Fashion-MNIST", new long[] { 1, 224, 224 }, 10, "fashion-mnist", 28, 224, 0,
            sgd(0.01, 10, 128, "d2l's AlexNet: lr 0.01, 10 epochs, batch 128, Xavier init [d2l]; random flips as the slides augment [Ding]")
                with { Flip = true, Smoke = alexSmoke },
            (k, c) => new AlexNet(AlexNetConfig.D2l with { NumClasses = k, InChannels = c }), cpu: "alexnet-cpu", smoke: "alexnet-small");
        Add("alexnet-small", "d2l's AlexNet built for 1×80 input: notebook 4's smoke network", new long[] { 1, 80, 80 }, 10, "fashion-mnist", 28, 80, 0,
            alexSmoke with { Smoke = alexSmoke }, (k, c) => new AlexNet(AlexNetConfig.D2l with { NumClasses = k, InChannels = c, ImageSize = 80 }));
        Add("alexnet-cpu", "d2l's AlexNet at 64×64 with half the channels and 1,024-unit hidden layers: notebook 4's CPU profile", new long[] { 1, 64, 64 }, 10, "fashion-mnist", 28, 64, 0,
            adam(1e-3, 2, 128, "CPU profile (notebook 4): 2 epochs of all 60,000 images at 64×64, Adam, cosine schedule, random flips") with
            { Schedule = "cosine", Flip = true, Smoke = alexSmoke },
            (k, c) => new AlexNet(AlexNetConfig.D2l with { NumClasses = k, InChannels = c, ImageSize = 64, Conv1Padding = 2, ChannelDivisor = 2, Hidden = 1024 }));
        Add("alexnet-imagenet", "AlexNet single tower, 3×227, 1000 classes (62,378,344 parameters)", new long[] { 3, 227, 227 }, 1000, "imagenet", 224, 227, 0,
            imagenet, (k, c) => new AlexNet(AlexNetConfig.ImageNet with { NumClasses = k, InChannels = c }));
        // with Xavier init or batch 16, 1,024 images leave ZFNet near chance (measured)
        var zfSmoke = adam(1e-4, 1, 8, "smoke run (notebook 5): zfnet-small, 1,024 training and 500 test images at 80×80, Adam, batch 8, the layers' own init")
            with { Init = "none", TrainLimit = 1_024, TestLimit = 500 };
        Add("zfnet", "ZFNet: 7×7 stride-2 first layer, for 1×224 Fashion-MNIST", new long[] { 1, 224, 224 }, 10, "fashion-mnist", 28, 224, 0,
            sgd(0.01, 10, 128, "as d2l's AlexNet (" + ours + ")") with { Smoke = zfSmoke }, (k, c) => new ZFNet(k, c), cpu: "zfnet-cpu", smoke: "zfnet-small");
        Add("zfnet-small", "ZFNet built for 1×80 input: notebook 5's smoke network", new long[] { 1, 80, 80 }, 10, "fashion-mnist", 28, 80, 0,
            zfSmoke with { Smoke = zfSmoke }, (k, c) => new ZFNet(k, c, imageSize: 80));
        Add("zfnet-cpu", "ZFNet at 64×64 with half the channels and 1,024-unit hidden layers: notebook 5's CPU profile", new long[] { 1, 64, 64 }, 10, "fashion-mnist", 28, 64, 0,
            adam(1e-3, 2, 128, "CPU profile (notebook 5): 2 epochs of all 60,000 images at 64×64, Adam, cosine schedule") with
            { Schedule = "cosine", Smoke = zfSmoke },
            (k, c) => new ZFNet(k, c, imageSize: 64, channelDivisor: 2, hidden: 1024));
        Add("zfnet-imagenet", "ZFNet as in the paper, 3×224, 1000 classes", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            imagenet, (k, c) => new ZFNet(k, c));
        Add("vgg11", "VGG-11 (configuration A), 3×224, 1000 classes", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            imagenet, (k, c) => new VGG(VggConfig.A with { NumClasses = k, InChannels = c }));
        Add("vgg16", "VGG-16 (configuration D), 3×224, 1000 classes (138,357,544 parameters)", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            imagenet, (k, c) => new VGG(VggConfig.D with { NumClasses = k, InChannels = c }));
        // Adam: with plain SGD the network without batch normalisation stays at chance for this many steps (measured)
        var vggSmoke = adam(1e-3, 1, 32, "smoke run (notebook 6): vgg11-d2l-small, Adam, 4,096 training and 500 test images at 32×32")
            with { TrainLimit = 4096, TestLimit = 500 };
        Add("vgg11-d2l", "d2l's VGG-11 with channels / 4, for 1×224 Fashion-MNIST", new long[] { 1, 224, 224 }, 10, "fashion-mnist", 28, 224, 0,
            sgd(0.05, 10, 128, "d2l: lr 0.05, 10 epochs, batch 128, 224×224, Xavier init") with { Smoke = vggSmoke },
            (k, c) => new VGG(VggConfig.D2l11() with { NumClasses = k, InChannels = c }), cpu: "vgg11-d2l-cpu", smoke: "vgg11-d2l-small");
        Add("vgg11-d2l-small", "vgg11-d2l with torchvision's adaptive pooling and 256-unit hidden layers: notebook 6's smoke network, 1×32 input",
            new long[] { 1, 32, 32 }, 10, "fashion-mnist", 28, 32, 0, vggSmoke with { Smoke = vggSmoke },
            (k, c) => new VGG(VggConfig.D2l11() with { NumClasses = k, InChannels = c, AdaptivePool = true, Hidden = 256 }));
        Add("vgg11-d2l-cpu", "vgg11-d2l at 32×32 with torchvision's adaptive pooling and 256-unit hidden layers: notebook 6's CPU profile",
            new long[] { 1, 32, 32 }, 10, "fashion-mnist", 28, 32, 0,
            adam(1e-3, 3, 128, "CPU profile (notebook 6): 3 epochs of all 60,000 images at 32×32, Adam, cosine schedule") with { Schedule = "cosine", Smoke = vggSmoke },
            (k, c) => new VGG(VggConfig.D2l11() with { NumClasses = k, InChannels = c, AdaptivePool = true, Hidden = 256 }));
        Add("nin", "Network in Network (d2l), 1×224 Fashion-MNIST", new long[] { 1, 224, 224 }, 10, "fashion-mnist", 28, 224, 0,
            sgd(0.1, 10, 128, d2l), (k, c) => new NiN(k, c));
        Add("googlenet", "GoogLeNet (Inception v1, paper's Table 1), 3×224, 1000 classes; auxiliary classifiers included", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            imagenet, (k, c) => new GoogLeNet(k, c, auxClassifiers: true));
        Add("googlenet-d2l", "d2l's GoogLeNet for 1×96 Fashion-MNIST", new long[] { 1, 96, 96 }, 10, "fashion-mnist", 28, 96, 0,
            sgd(0.1, 10, 128, "d2l: lr 0.1, 10 epochs, batch 128, 96×96, Xavier init") with
            {
                // Adam: with plain SGD the network without batch normalisation stays at chance for this many steps (measured)
                // two epochs: since the CPU profile's network trains at 28×28, one epoch of 64 steps left it at 0.136 (measured)
                Smoke = adam(1e-3, 2, 32, "smoke run (notebook 7, the CPU profile's network): Adam, 2 epochs of 2,048 training images, 500 test images")
                    with { TrainLimit = 2048, TestLimit = 500 },
            }, (k, c) => new GoogLeNetD2l(k, c), cpu: "googlenet-d2l-cpu");
        Add("googlenet-d2l-cpu", "d2l's GoogLeNet at 28×28 with a quarter of Table 1's channels: notebook 7's CPU profile", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            adam(1e-3, 6, 64, "CPU profile (notebook 7): 6 epochs of all 60,000 images at 28×28, Adam, batch 64, cosine schedule") with { Schedule = "cosine" },
            (k, c) => new GoogLeNetD2l(k, c, channelDivisor: 4));
        Add("resnet18", "ResNet-18 (torchvision layout), 3×224, 1000 classes (11,689,512 parameters)", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            sgd(0.1, 90, 256, "paper/torchvision recipe (SGD momentum 0.9)"), (k, c) => torchvision.models.resnet18(k, in_channels: c));
        Add("resnet34", "ResNet-34 (torchvision layout), 3×224, 1000 classes", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            sgd(0.1, 90, 256, "paper/torchvision recipe (SGD momentum 0.9)"), (k, c) => torchvision.models.resnet34(k, in_channels: c));
        Add("resnet50", "ResNet-50 (torchvision layout, Bottleneck), 3×224, 1000 classes", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            sgd(0.1, 90, 256, "paper/torchvision recipe (SGD momentum 0.9)"), (k, c) => torchvision.models.resnet50(k, in_channels: c));
        Add("resnet18-d2l", "d2l's ResNet-18 for 1×96 Fashion-MNIST", new long[] { 1, 96, 96 }, 10, "fashion-mnist", 28, 96, 0,
            sgd(0.05, 10, 256, d2l) with
            {
                Smoke = sgd(0.05, 1, 16, "smoke run (notebook 8 and course train --resize 32): 512 training and 500 test images at 32×32; " +
                    "batch 16 gives batch normalisation 32 steps") with { TrainLimit = 512, TestLimit = 500 },
            }, (k, c) => new ResNetD2l(k, c), cpu: "resnet18-d2l-cpu");
        Add("resnet18-d2l-cpu", "d2l's ResNet-18 at 28×28 with half the channels (32-64-128-256): notebook 8's CPU profile", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            adam(1e-3, 4, 128, "CPU profile (notebook 8): 4 epochs of all 60,000 images at 28×28, Adam, cosine schedule") with { Schedule = "cosine" },
            (k, c) => new ResNetD2l(k, c, channelDivisor: 2));
        Add("densenet121", "DenseNet-121 (torchvision layout), 3×224, 1000 classes (7,978,856 parameters)", new long[] { 3, 224, 224 }, 1000, "imagenet", 224, null, 0,
            sgd(0.1, 90, 256, "paper recipe (SGD momentum 0.9)"), (k, c) => DenseNet.DenseNet121(k, c));
        Add("densenet-d2l", "d2l's DenseNet for 1×96 Fashion-MNIST", new long[] { 1, 96, 96 }, 10, "fashion-mnist", 28, 96, 0,
            sgd(0.1, 10, 256, d2l) with
            {
                Smoke = sgd(0.1, 1, 16, "smoke run (notebook 9 and course train --resize 32): 1,024 training and 500 test images at 32×32, batch 16")
                    with { TrainLimit = 1024, TestLimit = 500 },
            }, (k, c) => DenseNet.D2l(k, c), cpu: "densenet-d2l-cpu");
        Add("densenet-d2l-cpu", "d2l's DenseNet at 32×32 with growth rate 16: notebook 9's CPU profile", new long[] { 1, 32, 32 }, 10, "fashion-mnist", 28, 32, 0,
            adam(1e-3, 3, 128, "CPU profile (notebook 9): 3 epochs of all 60,000 images at 32×32, Adam, cosine schedule") with { Schedule = "cosine" },
            (k, c) => DenseNet.D2l(k, c, growth: 16));

        // notebook 10's recipe for both colour models (the book gives none)
        var colors = adam(0.003, 15, 32, "our choice; Adam: with only two 1×1 kernels, SGD at lr 0.1 can leave a kernel dead (measured; notebook 10)")
            with { Schedule = "cosine", Init = "none", Seed = 1 };
        colors = colors with { Smoke = colors with { Epochs = 2, TrainLimit = 1200, TestLimit = 600, Note = "smoke run: " + colors.Note } };
        Add("colors-cnn", "Colour classifier with 1×1 convolutions (book ch. 18.2)", new long[] { 3, 28, 28 }, 6, "colors", 28, null, 0,
            colors, (k, c) => SmallCnn.Colors(k, c));
        Add("colors-dnn", "Fully connected colour baseline (book ch. 18.2)", new long[] { 3, 28, 28 }, 6, "colors", 28, null, 0,
            colors, (k, c) => Mlp.Colors(k, c));
        Add("shapes-cnn", "Shape classifier (book ch. 18.2)", new long[] { 1, 28, 28 }, 5, "shapes", 28, null, 0,
            sgd(0.1, 15, 16, "our choice, as in notebook 11: the book [智能之门 §18.2] gives the network, not the training recipe") with
            { Schedule = "cosine", Init = "none",
              Smoke = sgd(0.1, 2, 16, "smoke run: a subset, two epochs") with { Schedule = "cosine", Init = "none", TrainLimit = 1500 } },
            (k, c) => SmallCnn.Shapes(k, c));
        Add("shapes-dnn", "Fully connected shape baseline (book ch. 18.2)", new long[] { 1, 28, 28 }, 5, "shapes", 28, null, 0,
            sgd(0.1, 15, 16, "our choice, as in notebook 11: the book [智能之门 §18.2] gives the network, not the training recipe") with
            { Schedule = "cosine", Init = "none",
              Smoke = sgd(0.1, 2, 16, "smoke run: a subset, two epochs") with { Schedule = "cosine", Init = "none", TrainLimit = 1500 } },
            (k, c) => Mlp.Shapes(k, c));
        Add("color-shapes-cnn", "Colour-and-shape classifier, 9 classes (book ch. 18.2)", new long[] { 3, 28, 28 }, 9, "color-shapes", 28, null, 0,
            sgd(0.1, 15, 16, "our choice, as in notebook 12: the book [智能之门 §18.2] gives no training recipe") with
            { Schedule = "cosine", Init = "none",
              Smoke = sgd(0.1, 2, 16, "smoke run: a subset, two epochs") with { Schedule = "cosine", Init = "none", TrainLimit = 1500 } },
            (k, c) => SmallCnn.ColorShapes(k, c));
        Add("color-shapes-dnn", "Fully connected colour-and-shape baseline (book ch. 18.2)", new long[] { 3, 28, 28 }, 9, "color-shapes", 28, null, 0,
            sgd(0.1, 15, 16, "our choice, as in notebook 12: the book [智能之门 §18.2] gives no training recipe") with
            { Schedule = "cosine", Init = "none",
              Smoke = sgd(0.1, 2, 16, "smoke run: a subset, two epochs") with { Schedule = "cosine", Init = "none", TrainLimit = 1500 } },
            (k, c) => Mlp.ColorShapes(k, c));
        Add("mnist-cnn", "MNIST CNN 8@5×5 → 16@5×5 → FC 32 + BN → 10 (book ch. 18.3)", new long[] { 1, 28, 28 }, 10, "mnist", 28, null, 0,
            sgd(0.1, 5, 64, "our choice, as in notebook 13: the book [智能之门 §18.3] gives the network, not the training recipe") with
            { Schedule = "cosine", Init = "none",
              Smoke = sgd(0.1, 1, 64, "smoke run: a subset, one epoch") with { Schedule = "cosine", Init = "none", TrainLimit = 2000, TestLimit = 1000 } },
            (k, c) => SmallCnn.Mnist(k, c));
        Add("mnist-dnn", "Fully connected MNIST baseline 784-64-16-10", new long[] { 1, 28, 28 }, 10, "mnist", 28, null, 0,
            sgd(0.1, 10, 64, ours), (k, c) => Mlp.Mnist(k, c));
        Add("fashion-cnn", "Fashion-MNIST CNN (book ch. 18.4)", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            adam(1e-3, 5, 64, "our choice, as in notebook 14: the book [智能之门 §18.4] gives no training recipe") with
            { Init = "none",
              Smoke = adam(1e-3, 1, 64, "smoke run: a subset, one epoch") with { Init = "none", TrainLimit = 2000, TestLimit = 1000 } },
            (k, c) => SmallCnn.Fashion(k, c));
        Add("fashion-dnn", "Fully connected Fashion-MNIST baseline 784-128-64-10", new long[] { 1, 28, 28 }, 10, "fashion-mnist", 28, null, 0,
            adam(1e-3, 5, 64, "our choice, as in notebook 14: the book [智能之门 §18.4] gives no training recipe") with
            { Init = "none",
              Smoke = adam(1e-3, 1, 64, "smoke run: a subset, one epoch") with { Init = "none", TrainLimit = 2000, TestLimit = 1000 } },
            (k, c) => Mlp.Fashion(k, c));
        Add("cifar10-cnn", "Keras-style CIFAR-10 CNN 32-32-pool-dropout, 64-64-pool-dropout, 512, dropout, 10 (book ch. 18.5)", new long[] { 3, 32, 32 }, 10, "cifar10", 32, null, 0,
            adam(1e-3, 20, 32, "batch 32 as the Keras example; Adam instead of its RMSprop (our choice: the book gives no recipe)") with
            {
                Init = "none",
                Cpu = adam(1e-3, 5, 32, "CPU profile (notebook 15): the same network and recipe for 5 of the 20 epochs") with { Init = "none" },
                Smoke = adam(1e-3, 2, 32, "smoke run (notebook 15): 1,000 training and 500 test images") with { Init = "none", TrainLimit = 1000, TestLimit = 500 },
            }, (k, c) => SmallCnn.Cifar10(k, c));
        Add("cifar10-dnn", "Fully connected CIFAR-10 baseline 3072-512-256-10", new long[] { 3, 32, 32 }, 10, "cifar10", 32, null, 0,
            adam(1e-3, 20, 32, ours), (k, c) => Mlp.Cifar10(k, c));
        return l;
    }
}
