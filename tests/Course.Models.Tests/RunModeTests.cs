using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models.Tests;

/// <summary>The run modes and the CPU profile: one registry entry says what each mode trains.</summary>
public class RunModeTests
{
    public static IEnumerable<object[]> GpuSized =>
        new[] { "alexnet", "zfnet", "vgg11-d2l", "googlenet-d2l", "resnet18-d2l", "densenet-d2l" }.Select(n => new object[] { n });

    [Theory]
    [InlineData("full", RunMode.Full)]
    [InlineData(" CPU ", RunMode.Cpu)]
    [InlineData("smoke", RunMode.Smoke)]
    public void ParsesTheModeNames(string text, RunMode expected) => Assert.Equal(expected, RunModes.Parse(text));

    [Fact]
    public void AutoIsFullWithCudaAndTheCpuProfileWithout()
    {
        Assert.Equal(cuda.is_available() ? RunMode.Full : RunMode.Cpu, RunModes.Parse("auto"));
        Assert.Equal(RunModes.Auto, RunModes.Resolve("auto", smoke: false));
        Assert.Equal(RunMode.Smoke, RunModes.Resolve("full", smoke: true));   // the smoke parameter wins, as CI sets it
    }

    [Fact]
    public void AnUnknownModeNamesItselfAndTheAcceptedOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => RunModes.Parse("gpu"));
        Assert.Contains("'gpu'", e.Message);
        Assert.Contains("auto, full, cpu or smoke", e.Message);
    }

    [Theory]
    [MemberData(nameof(GpuSized))]
    public void TheCpuProfileIsTheSameArchitectureSmallerAndTrainsAFullEpochOrMore(string name)
    {
        var family = ModelRegistry.Get(name);
        var cpu = family.For(RunMode.Cpu);
        Assert.NotSame(family, cpu);
        Assert.Equal(family.CpuVariant, cpu.Name);
        Assert.Equal(family.Dataset, cpu.Dataset);
        Assert.True(cpu.InputShape[^1] < family.InputShape[^1], $"{cpu.Name}: input {cpu.InputShape[^1]} is not smaller than {family.InputShape[^1]}");
        using var full = family.Create();
        using var small = cpu.Create();
        Assert.Equal(full.GetType(), small.GetType());                                     // built by the same class …
        Assert.Equal(Layers(full), Layers(small));                                          // … with the same layer types in the same order
                                                                                            // (VGG's CPU profile adds torchvision's adaptive pooling)
        Assert.True(Count(small) < Count(full), $"{cpu.Name}: {Count(small)} parameters, not fewer than {name}'s {Count(full)}");
        Assert.Equal(new long[] { 2, 10 }, TestUtil.OutputShape(small, cpu.InputShapeWithBatch(2)));
        var t = family.TrainingFor(RunMode.Cpu);
        Assert.Same(cpu.Training, t);
        Assert.Null(t.TrainLimit);                                                          // all 60,000 training images …
        Assert.Null(t.TestLimit);                                                           // … and the full test set
        Assert.InRange(t.Epochs, 1, family.Training.Epochs - 1);
        Assert.Same(family.Training, family.TrainingFor(RunMode.Full));
        Assert.Same(family, family.For(RunMode.Full));
    }

    static string[] Layers(nn.Module m) => m.modules().Skip(1).Select(x => x.GetType().Name).Where(n => n != "AdaptiveAvgPool2d").ToArray();
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void TheCpuAlexNetHasTheParametersItsConfigurationGives()
    {
        // 64×64, conv1 padding 2: 64 → 15 → pool 7 → 7 → pool 3 → 3 → pool 1, so the classifier sees 128·1·1 features
        long Conv(long cin, long cout, long k) => cout * cin * k * k + cout;
        long Fc(long i, long o) => i * o + o;
        long expected = Conv(1, 48, 11) + Conv(48, 128, 5) + Conv(128, 192, 3) + Conv(192, 192, 3) + Conv(192, 128, 3)
            + Fc(128, 1024) + Fc(1024, 1024) + Fc(1024, 10);
        using var m = ModelRegistry.Create("alexnet-cpu");
        Assert.Equal(expected, Count(m));
    }

    [Fact]
    public void ASmokeRunTrainsTheSmokeNetworkOrElseTheCpuProfileWithTheSmokeSettings()
    {
        Assert.Equal("alexnet-small", ModelRegistry.Get("alexnet").For(RunMode.Smoke).Name);
        Assert.Equal("resnet18-d2l-cpu", ModelRegistry.Get("resnet18-d2l").For(RunMode.Smoke).Name);
        Assert.Same(ModelRegistry.Get("resnet18-d2l").Training.Smoke, ModelRegistry.Get("resnet18-d2l").TrainingFor(RunMode.Smoke));
        var lenet = ModelRegistry.Get("lenet");                                               // CPU-sized: the CPU profile is the full setting
        Assert.Same(lenet, lenet.For(RunMode.Cpu));
        Assert.Same(lenet.Training, lenet.TrainingFor(RunMode.Cpu));
        var cifar = ModelRegistry.Get("cifar10-cnn");                                        // the same network, fewer epochs
        Assert.Same(cifar, cifar.For(RunMode.Cpu));
        Assert.True(cifar.TrainingFor(RunMode.Cpu).Epochs < cifar.Training.Epochs);
    }
}
