using TorchSharp;
using static TorchSharp.torch;

namespace Course.Figures.Tests;

/// <summary>The torch.Tensor overloads must give the same result as the array core.</summary>
public class TensorOverloadTests
{
    [Fact]
    public void Kernels_from_a_conv_weight_tensor_match_the_array_core()
    {
        var data = Enumerable.Range(0, 6 * 3 * 5 * 5).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        using var w = tensor(data, [6, 3, 5, 5]);
        var fromTensor = ImageGrid.Kernels(w);
        var fromArray = ImageGrid.Kernels(data, [6, 3, 5, 5]);
        Assert.Equal((6, 3), (fromTensor.Count, fromTensor.Channels));
        Assert.Equal(fromArray.ToPng(), fromTensor.ToPng());
    }

    [Fact]
    public void Double_and_requires_grad_tensors_are_read_as_float()
    {
        using var maps = rand([1, 4, 6, 6], dtype: ScalarType.Float64, requires_grad: true);
        var grid = ImageGrid.FeatureMaps(maps);
        Assert.Equal(4, grid.Count);
        Assert.Equal((6, 6), (grid.TileWidth, grid.TileHeight));
        Assert.True(maps.requires_grad); // the caller's tensor is left alone
        Assert.Equal([1L, 4, 6, 6], maps.shape);
    }

    [Fact]
    public void Samples_misclassified_image_and_heatmap_from_tensors()
    {
        using var images = rand(6, 1, 4, 4);
        var samples = ImageGrid.Samples(images, [0, 1, 0, 1, 0, 1], ["a", "b"], perClass: 3);
        Assert.Equal((2, 3), (samples.Rows, samples.Columns));
        var wrong = ImageGrid.Misclassified(images, [0, 1, 0, 1, 0, 1], [1, 1, 0, 0, 0, 1], ["a", "b"]);
        Assert.Equal(2, wrong.Count);
        using var one = images[0];
        var img = Image.FromTensor(one, 0f, 1f);
        Assert.Equal((4, 4, 1), (img.Width, img.Height, img.Channels));
        using var z = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal("heatmap", Chart.Heatmap(z).TraceTypes.Single());
        using var bad = zeros(2, 2, 2);
        Assert.Throws<ArgumentException>(() => Chart.Heatmap(bad));
    }
}
