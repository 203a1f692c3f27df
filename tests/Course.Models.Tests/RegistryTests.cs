using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models.Tests;

public class RegistryTests
{
    public static readonly string[] Required =
    {
        "lenet", "lenet-bn", "lenet5", "alexnet", "alexnet-imagenet", "zfnet", "vgg11", "vgg16", "vgg11-d2l", "nin", "googlenet",
        "googlenet-d2l", "resnet18", "resnet34", "resnet50", "resnet18-d2l", "densenet121", "densenet-d2l", "colors-cnn", "colors-dnn",
        "shapes-cnn", "shapes-dnn", "color-shapes-cnn", "color-shapes-dnn", "mnist-cnn", "mnist-dnn", "fashion-cnn", "fashion-dnn",
        "cifar10-cnn", "cifar10-dnn",
    };

    public static IEnumerable<object[]> AllNames => ModelRegistry.Names.Select(n => new object[] { n });

    [Fact]
    public void AllRequiredNamesAreRegistered()
    {
        foreach (var n in Required) Assert.True(ModelRegistry.Contains(n), n);
        Assert.Equal(ModelRegistry.Names.Count, ModelRegistry.Names.Distinct().Count());
    }

    [Fact]
    public void UnknownNameListsKnownNamesOnOneLine()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Get("lenet6"));
        Assert.Contains("'lenet6'", e.Message);
        Assert.Contains("resnet18-d2l", e.Message);
        Assert.Contains("cifar10-dnn", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.Throws<ArgumentException>(() => ModelRegistry.Create(""));
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void EveryModelProducesOneLogitPerClass(string name)
    {
        var info = ModelRegistry.Get(name);
        Assert.Equal(3, info.InputShape.Length);
        Assert.Contains(info.Dataset, new[] { "fashion-mnist", "mnist", "cifar10", "colors", "shapes", "color-shapes", "imagenet" });
        Assert.True(info.Training.LearningRate > 0 && info.Training.Epochs > 0 && info.Training.BatchSize > 0);
        Assert.Contains(info.Training.Optimizer, new[] { "sgd", "adam" });
        long batch = info.InputShape[1] >= 200 ? 1 : 2;
        using var m = info.Create();
        Assert.Equal(new[] { batch, (long)info.NumClasses }, TestUtil.OutputShape(m, info.InputShapeWithBatch(batch)));
        Assert.True(m.named_modules().Skip(1).All(x => x.Item1.Length > 0 && !x.Item1.Contains("..")));
    }

    [Fact]
    public void SmallModelsAlsoRunInTrainingModeWithOtherClassAndChannelCounts()
    {
        foreach (var name in new[] { "lenet", "lenet-bn", "mnist-cnn", "colors-cnn", "shapes-dnn", "cifar10-cnn" })
        {
            var info = ModelRegistry.Get(name);
            using var m = info.Create(numClasses: 7, inChannels: 2);
            using var scope = NewDisposeScope();
            var x = randn(new long[] { 4, 2 }.Concat(info.InputShape.Skip(1)).ToArray());
            m.train();
            var y = m.call(x);
            Assert.Equal(new long[] { 4, 7 }, y.shape);
            y.sum().backward();
            Assert.All(m.parameters(), p => Assert.NotNull(p.grad));
        }
    }

    [Fact]
    public void MetadataDescribesPreprocessing()
    {
        var alex = ModelRegistry.Get("alexnet");
        Assert.Equal(224, alex.ResizeTo);
        Assert.Equal(28, alex.DatasetImageSize);
        Assert.Equal("resize 28→224", alex.Preprocessing);
        Assert.Equal(new long[] { 1, 224, 224 }, alex.InputShape);
        Assert.Equal(0.01, alex.Training.LearningRate);
        Assert.Equal(128, alex.Training.BatchSize);
        var lenet5 = ModelRegistry.Get("LeNet5");
        Assert.Equal(2, lenet5.Pad);
        Assert.Null(lenet5.ResizeTo);
        Assert.Equal(lenet5.DatasetImageSize + 2 * lenet5.Pad, lenet5.InputShape[1]);
        var lenet = ModelRegistry.Get("lenet");
        Assert.Equal((0.9, 10, 256, "sgd"), (lenet.Training.LearningRate, lenet.Training.Epochs, lenet.Training.BatchSize, lenet.Training.Optimizer));
        Assert.Equal("imagenet", ModelRegistry.Get("alexnet-imagenet").Dataset);
        Assert.Equal(new long[] { 3, 227, 227 }, ModelRegistry.Get("alexnet-imagenet").InputShape);
    }

    [Fact]
    public void BadFactoryArgumentsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("lenet5", numClasses: 5));
        Assert.Contains("10", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelRegistry.Create("lenet", numClasses: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelRegistry.Create("lenet", inChannels: -1));
    }
}
