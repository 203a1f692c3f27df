using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>Activation used by <see cref="LeNet5"/> after C1, S2, C3, S4, C5 and F6.</summary>
public enum LeNet5Activation
{
    /// <summary>The paper's squashing function 1.7159·tanh(2a/3) (default).</summary>
    ScaledTanh,
    /// <summary>The logistic sigmoid (as many blog re-implementations use).</summary>
    Sigmoid,
}

/// <summary>
/// LeNet-5 as published (LeCun et al. 1998) for 1×32×32 input (a 28×28 MNIST digit padded by 2 on each side):
/// C1 6@5×5 (156) → S2 trainable subsampling (12) → C3 16@5×5 with the paper's partial connection table (1,516)
/// → S4 (32) → C5 120@5×5 (48,120) → F6 84 (10,164) → Euclidean RBF output with fixed 7×12 digit bitmaps as centres
/// (840, not trainable). Every layer up to F6 is followed by the activation (the paper's scaled tanh by default).
/// <para><see cref="forward"/> returns logits = −(RBF distances), so that cross-entropy training and argmax prediction
/// work as usual (the closest bitmap wins); <see cref="Distances"/> returns the paper's y_i = Σ_j (x_j − w_ij)².</para>
/// </summary>
public sealed class LeNet5 : nn.Module<Tensor, Tensor>
{
    /// <summary>C1: 6 maps, 5×5 kernels.</summary>
    public Conv2d C1 { get; }
    /// <summary>S2: trainable subsampling of the 6 maps.</summary>
    public Subsampling S2 { get; }
    /// <summary>C3: 16 maps, 5×5 kernels, connections from <see cref="C3Table"/>.</summary>
    public MaskedConv2d C3 { get; }
    /// <summary>S4: trainable subsampling of the 16 maps.</summary>
    public Subsampling S4 { get; }
    /// <summary>C5: 120 maps of 1×1 (5×5 kernels over all 16 S4 maps).</summary>
    public Conv2d C5 { get; }
    /// <summary>F6: 84 units (= 7×12, one per bitmap pixel).</summary>
    public Linear F6 { get; }
    /// <summary>Output: 10 Euclidean RBF units centred on <see cref="DigitBitmaps"/>.</summary>
    public EuclideanRbf Output { get; }

    /// <summary>Creates the network; the RBF output layer only exists for the 10 digits.</summary>
    public LeNet5(int inChannels = 1, LeNet5Activation activation = LeNet5Activation.ScaledTanh) : base(nameof(LeNet5))
    {
        Guard.Positive(inChannels, nameof(inChannels));
        nn.Module<Tensor, Tensor> Act() => activation == LeNet5Activation.Sigmoid ? nn.Sigmoid() : new ScaledTanh();
        C1 = nn.Conv2d(inChannels, 6, 5);
        S2 = new Subsampling(6);
        C3 = new MaskedConv2d(C3Table, 5);
        S4 = new Subsampling(16);
        C5 = nn.Conv2d(16, 120, 5);
        F6 = nn.Linear(120, 84);
        Output = new EuclideanRbf(DigitBitmaps);
        register_module("C1", C1); register_module("act1", Act());
        register_module("S2", S2); register_module("act2", Act());
        register_module("C3", C3); register_module("act3", Act());
        register_module("S4", S4); register_module("act4", Act());
        register_module("C5", C5); register_module("act5", Act());
        register_module("flatten", nn.Flatten());
        register_module("F6", F6); register_module("act6", Act());
        register_module("Output", Output);
    }

    /// <summary>The paper's "rubbish class" distance j in <see cref="MapLoss"/> ([LeCun 1998], eq. 9; the course takes 10).</summary>
    public const double RubbishDistance = 10;

    /// <summary>
    /// The paper's maximum-a-posteriori training criterion ([LeCun 1998], eq. 9) on this network's logits (the negated
    /// RBF distances): E = y_correct + log(e^(−j) + Σ_i e^(−y_i)), i.e. cross-entropy with one extra, constant logit −j.
    /// While every distance is large, F6 is pulled towards the correct bitmap; once it is close, the wrong ones are pushed away.
    /// </summary>
    public static Tensor MapLoss(Tensor logits, Tensor labels)
    {
        using var rubbish = full(new long[] { logits.shape[0], 1 }, -RubbishDistance, device: logits.device);
        using var extended = cat(new[] { logits, rubbish }, 1);
        return nn.functional.cross_entropy(extended, labels);
    }

    /// <summary>
    /// The paper's input scaling: pixels in 0..1 (background 0, ink 1) become −0.1..1.175, so that the inputs have a
    /// mean near 0 and a variance near 1 [LeCun 1998]. Apply after padding (the padding then becomes background too).
    /// </summary>
    public static Tensor ScalePixels(Tensor x) => x * 1.275 - 0.1;

    /// <summary>Logits for cross-entropy: the negated RBF distances, shape (N, 10).</summary>
    public override Tensor forward(Tensor input)
    {
        using var d = Distances(input);
        return -d;
    }

    /// <summary>The paper's RBF outputs y_i = Σ_j (x_j − w_ij)², shape (N, 10); the smallest is the prediction.</summary>
    public Tensor Distances(Tensor input)
    {
        if (input.dim() != 4 || input.shape[2] != 32 || input.shape[3] != 32)
            throw new ArgumentException($"LeNet5 expects (N, C, 32, 32) input (pad 28×28 digits by 2), got [{string.Join(", ", input.shape)}].");
        var children = named_children().ToDictionary(c => c.Item1, c => (nn.Module<Tensor, Tensor>)c.Item2);
        Tensor x = input;
        var owned = new List<Tensor>();
        try
        {
            foreach (var name in new[] { "C1", "act1", "S2", "act2", "C3", "act3", "S4", "act4", "C5", "act5", "flatten", "F6", "act6" })
            {
                x = children[name].call(x);
                owned.Add(x);
            }
            return children["Output"].call(x);
        }
        finally { foreach (var t in owned) t.Dispose(); }
    }

    /// <summary>
    /// The paper's C3 connection table (Table I): <c>C3Table[i, j]</c> is true when C3 map j takes S2 map i.
    /// Maps 0–5 take 3 contiguous S2 maps, 6–11 take 4 contiguous, 12–14 take 4 non-contiguous, 15 takes all 6.
    /// </summary>
    public static bool[,] C3Table
    {
        get
        {
            int[][] inputs =
            {
                new[] { 0, 1, 2 }, new[] { 1, 2, 3 }, new[] { 2, 3, 4 }, new[] { 3, 4, 5 }, new[] { 4, 5, 0 }, new[] { 5, 0, 1 },
                new[] { 0, 1, 2, 3 }, new[] { 1, 2, 3, 4 }, new[] { 2, 3, 4, 5 }, new[] { 3, 4, 5, 0 }, new[] { 4, 5, 0, 1 }, new[] { 5, 0, 1, 2 },
                new[] { 0, 1, 3, 4 }, new[] { 1, 2, 4, 5 }, new[] { 0, 2, 3, 5 },
                new[] { 0, 1, 2, 3, 4, 5 },
            };
            var table = new bool[6, 16];
            for (int j = 0; j < 16; j++) foreach (var i in inputs[j]) table[i, j] = true;
            return table;
        }
    }

    /// <summary>Width of the digit bitmaps.</summary>
    public const int BitmapWidth = 7;
    /// <summary>Height of the digit bitmaps.</summary>
    public const int BitmapHeight = 12;

    // Stylised 7-wide × 12-high digits in the spirit of the paper's Fig. 3 ('#' = ink = +1, '.' = background = −1).
    private static readonly string[][] Glyphs =
    {
        new[] { ".......", "..###..", ".##.##.", "##...##", "##...##", "##...##", "##...##", "##...##", ".##.##.", "..###..", ".......", "......." },
        new[] { ".......", "...##..", "..###..", ".####..", "...##..", "...##..", "...##..", "...##..", "...##..", ".######", ".......", "......." },
        new[] { ".......", ".#####.", "##...##", ".....##", "....##.", "...##..", "..##...", ".##....", "##.....", "#######", ".......", "......." },
        new[] { ".......", ".#####.", "##...##", ".....##", ".....##", "..####.", ".....##", ".....##", "##...##", ".#####.", ".......", "......." },
        new[] { ".......", "....##.", "...###.", "..####.", ".##.##.", "##..##.", "#######", "....##.", "....##.", "....##.", ".......", "......." },
        new[] { ".......", "#######", "##.....", "##.....", "######.", ".....##", ".....##", ".....##", "##...##", ".#####.", ".......", "......." },
        new[] { ".......", "..####.", ".##....", "##.....", "######.", "##...##", "##...##", "##...##", "##...##", ".#####.", ".......", "......." },
        new[] { ".......", "#######", ".....##", "....##.", "....##.", "...##..", "...##..", "..##...", "..##...", "..##...", ".......", "......." },
        new[] { ".......", ".#####.", "##...##", "##...##", ".#####.", "##...##", "##...##", "##...##", "##...##", ".#####.", ".......", "......." },
        new[] { ".......", ".#####.", "##...##", "##...##", "##...##", ".######", ".....##", ".....##", "....##.", ".####..", ".......", "......." },
    };

    /// <summary>
    /// The RBF centres: for each digit 0–9, 84 = 12 rows × 7 columns values, row-major, +1 for ink and −1 for background.
    /// A fresh copy on each access.
    /// </summary>
    public static float[][] DigitBitmaps =>
        Glyphs.Select(g => g.SelectMany(row => row.Select(ch => ch == '#' ? 1f : -1f)).ToArray()).ToArray();
}
