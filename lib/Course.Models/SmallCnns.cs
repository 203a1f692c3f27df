using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// A small convolutional network of the book chapter "卷积神经网络应用" ([智能之门 ch. 18]): children <c>features</c>
/// (convolution/activation/pooling) and <c>classifier</c> (Flatten, fully connected layers, batch norm, dropout).
/// Softmax is left to the loss (cross-entropy on logits). Build the chapter's networks with the static factories.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    /// <summary>Convolution part.</summary>
    public Sequential features { get; }
    /// <summary>Fully connected part.</summary>
    public Sequential classifier { get; }

    /// <summary>Creates the network from its two parts (the type name shown by summaries is <paramref name="name"/>).</summary>
    public SmallCnn(string name, Sequential features, Sequential classifier) : base(name)
    {
        this.features = features;
        this.classifier = classifier;
        register_module("features", features);
        register_module("classifier", classifier);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var h = features.call(input);
        return classifier.call(h);
    }

    /// <summary>
    /// 18.2 colour classification, 3×28×28 → 6 colours (seed table): conv 2@1×1 → ReLU → max pool 2/2 (2×14×14) →
    /// conv 3@3×3 → ReLU → max pool 2/2 (3×6×6) → FC 108→32 → BatchNorm → ReLU → FC 6. The 1×1 convolutions mix the
    /// colour channels of each pixel.
    /// </summary>
    public static SmallCnn Colors(int numClasses = 6, int inChannels = 3) => new("ColorsCnn",
        nn.Sequential(nn.Conv2d(inChannels, 2, 1), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(2, 3, 3), nn.ReLU(), nn.MaxPool2d(2, 2)),
        Head(3 * 6 * 6, 32, numClasses));

    /// <summary>
    /// 18.2 shape classification, 1×28×28 → 5 shapes (seed table): conv 8@3×3 p1 → ReLU → max pool (8×14×14) →
    /// conv 16@3×3 → ReLU → max pool (16×6×6) → FC 576→32 → BatchNorm → ReLU → FC 5.
    /// </summary>
    public static SmallCnn Shapes(int numClasses = 5, int inChannels = 1) => new("ShapesCnn",
        nn.Sequential(nn.Conv2d(inChannels, 8, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2, 2)),
        Head(16 * 6 * 6, 32, numClasses));

    /// <summary>
    /// 18.2 colour-and-shape classification, 3×28×28 → 9 classes (3 colours × 3 shapes). The seed gives no layer table;
    /// our choice: the shape network on colour input (conv 8@3×3 p1 → ReLU → pool → conv 16@3×3 → ReLU → pool →
    /// FC 576→32 → BatchNorm → ReLU → FC 9).
    /// </summary>
    public static SmallCnn ColorShapes(int numClasses = 9, int inChannels = 3) => new("ColorShapesCnn",
        nn.Sequential(nn.Conv2d(inChannels, 8, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2, 2)),
        Head(16 * 6 * 6, 32, numClasses));

    /// <summary>
    /// 18.3 MNIST, 1×28×28 → 10 (seed table): conv 8@5×5 (208) → ReLU → max pool (8×12×12) → conv 16@5×5 (3,216) →
    /// ReLU → max pool (16×4×4) → FC 256→32 (8,224) → BatchNorm → ReLU → FC 10 (330). (The seed's "400+16" for the
    /// second convolution omits the 8 input channels: 16×8×5×5 = 3,200 weights.)
    /// </summary>
    public static SmallCnn Mnist(int numClasses = 10, int inChannels = 1) => new("MnistCnn",
        nn.Sequential(nn.Conv2d(inChannels, 8, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2)),
        Head(16 * 4 * 4, 32, numClasses));

    /// <summary>
    /// 18.4 Fashion-MNIST, 1×28×28 → 10. The seed shows results only; our choice, the MNIST design with more filters:
    /// conv 32@3×3 p1 → ReLU → max pool (32×14×14) → conv 64@3×3 → ReLU → max pool (64×6×6) → FC 2304→128 →
    /// BatchNorm → ReLU → FC 10.
    /// </summary>
    public static SmallCnn Fashion(int numClasses = 10, int inChannels = 1) => new("FashionCnn",
        nn.Sequential(nn.Conv2d(inChannels, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2, 2)),
        Head(64 * 6 * 6, 128, numClasses));

    /// <summary>
    /// 18.5 CIFAR-10, 3×32×32 → 10, the Keras example the seed describes: conv 32@3×3 same → ReLU → conv 32@3×3 valid →
    /// ReLU → max pool → Dropout 0.25 → conv 64@3×3 same → ReLU → conv 64@3×3 valid → ReLU → max pool → Dropout 0.25
    /// (64×6×6) → FC 2304→512 → ReLU → Dropout 0.5 → FC 10.
    /// </summary>
    public static SmallCnn Cifar10(int numClasses = 10, int inChannels = 3) => new("Cifar10Cnn",
        nn.Sequential(
            nn.Conv2d(inChannels, 32, 3, padding: 1), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Dropout(0.25),
            nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Dropout(0.25)),
        nn.Sequential(nn.Flatten(), nn.Linear(64 * 6 * 6, 512), nn.ReLU(), nn.Dropout(0.5), nn.Linear(512, numClasses)));

    /// <summary>The chapter's head: Flatten → FC → BatchNorm1d → ReLU → FC classes.</summary>
    private static Sequential Head(long inFeatures, long hidden, long numClasses) => nn.Sequential(
        nn.Flatten(), nn.Linear(inFeatures, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, numClasses));
}

/// <summary>
/// A plain fully connected network (the chapter's "前馈神经网络" baselines): Flatten → (FC → ReLU)* → FC classes.
/// The seed shows the baselines' results but not their sizes; the hidden widths of the factories are our choices.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public Sequential net { get; }
    /// <summary>Input features (C·H·W).</summary>
    public long InFeatures { get; }

    /// <summary>Creates the network.</summary>
    public Mlp(string name, long inFeatures, int[] hidden, int numClasses) : base(name)
    {
        Guard.Positive(inFeatures, nameof(inFeatures)); Guard.Positive(numClasses, nameof(numClasses));
        InFeatures = inFeatures;
        var layers = new List<nn.Module<Tensor, Tensor>> { nn.Flatten() };
        long n = inFeatures;
        foreach (var h in hidden)
        {
            Guard.Positive(h, nameof(hidden));
            layers.Add(nn.Linear(n, h)); layers.Add(nn.ReLU());
            n = h;
        }
        layers.Add(nn.Linear(n, numClasses));
        net = nn.Sequential(layers.ToArray());
        register_module("net", net);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => net.call(input);

    /// <summary>Colours: 3×28×28 → 128 → 64 → 6.</summary>
    public static Mlp Colors(int numClasses = 6, int inChannels = 3) => new("ColorsDnn", inChannels * 28 * 28, new[] { 128, 64 }, numClasses);
    /// <summary>Shapes: 1×28×28 → 128 → 64 → 5.</summary>
    public static Mlp Shapes(int numClasses = 5, int inChannels = 1) => new("ShapesDnn", inChannels * 28 * 28, new[] { 128, 64 }, numClasses);
    /// <summary>Colours and shapes: 3×28×28 → 128 → 64 → 9.</summary>
    public static Mlp ColorShapes(int numClasses = 9, int inChannels = 3) => new("ColorShapesDnn", inChannels * 28 * 28, new[] { 128, 64 }, numClasses);
    /// <summary>MNIST: 784 → 64 → 16 → 10 (the book's earlier MNIST network).</summary>
    public static Mlp Mnist(int numClasses = 10, int inChannels = 1) => new("MnistDnn", inChannels * 28 * 28, new[] { 64, 16 }, numClasses);
    /// <summary>Fashion-MNIST: 784 → 128 → 64 → 10.</summary>
    public static Mlp Fashion(int numClasses = 10, int inChannels = 1) => new("FashionDnn", inChannels * 28 * 28, new[] { 128, 64 }, numClasses);
    /// <summary>CIFAR-10: 3×32×32 → 512 → 256 → 10.</summary>
    public static Mlp Cifar10(int numClasses = 10, int inChannels = 3) => new("Cifar10Dnn", inChannels * 32 * 32, new[] { 512, 256 }, numClasses);
}
