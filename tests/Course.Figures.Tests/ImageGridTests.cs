namespace Course.Figures.Tests;

public class ImageGridTests
{
    [Fact]
    public void Grid_places_upscaled_tiles_between_padding()
    {
        // two 2x2 gray tiles, fixed range 0..1
        float[] data = [0f, 1f, 1f, 0f, /* tile 2 */ 0.2f, 0.2f, 0.2f, 0.2f];
        var grid = ImageGrid.FromArray(data, [2, 1, 2, 2], normalization: TileNormalization.Fixed, padding: 1, scale: 2);
        var img = grid.ToImage();
        Assert.Equal((2 * 4 + 3, 4 + 2), (img.Width, img.Height));
        Assert.Equal(ImageGrid.PaddingValue, img[0, 0]);      // padding
        Assert.Equal(0, img[1, 1]);        // tile 0 pixel (0,0) upscaled to (1..2, 1..2)
        Assert.Equal(0, img[2, 2]);
        Assert.Equal(255, img[3, 1]);      // tile 0 pixel (1,0)
        Assert.Equal(51, img[6, 1]);       // tile 1 begins at x = 1 + 4 + 1
        Assert.Equal(ImageGrid.PaddingValue, img[5, 3]);      // padding column between tiles
        var decoded = PngReader.Decode(grid.ToPng());
        Assert.Equal(img.GetPixels(), decoded.Pixels);
    }

    [Fact]
    public void Per_tile_normalisation_stretches_each_tile()
    {
        float[] data = [0f, 1f, 2f, 3f, /* second tile */ 100f, 100f, 100f, 500f];
        var grid = ImageGrid.FromArray(data, [2, 2, 2], normalization: TileNormalization.PerTile);
        Assert.Equal(new byte[] { 0, 85, 170, 255 }, grid.Tile(0)!.GetPixels());
        Assert.Equal(new byte[] { 0, 0, 0, 255 }, grid.Tile(1)!.GetPixels());
        var global = ImageGrid.FromArray(data, [2, 2, 2], normalization: TileNormalization.Global);
        Assert.True(global.Tile(0)!.GetPixels()[3] < 5, "3 of 0..500 is almost black");
    }

    [Fact]
    public void Kernels_rgb_gray_mean_and_per_input_views()
    {
        var rng = new Random(1);
        float[] W(int n) => Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();

        var rgb = ImageGrid.Kernels(W(4 * 3 * 5 * 5), [4, 3, 5, 5]);
        Assert.Equal((4, 3, 5), (rgb.Count, rgb.Channels, rgb.TileWidth));
        Assert.True(rgb.Scale >= 8, "5x5 kernels must be upscaled to be visible");

        var w6 = W(6 * 1 * 5 * 5);
        var gray = ImageGrid.Kernels(w6, [6, 1, 5, 5]);
        Assert.Equal((6, 1), (gray.Count, gray.Channels));
        var tile0 = gray.Tile(0)!.GetPixels();
        Assert.Equal(0, tile0.Min());
        Assert.Equal(255, tile0.Max());
        int argmax = Array.IndexOf(w6, w6[..25].Max());
        Assert.Equal(255, tile0[argmax]);

        var mean = ImageGrid.Kernels(W(16 * 6 * 3 * 3), [16, 6, 3, 3]);
        Assert.Equal((16, 1), (mean.Count, mean.Channels));

        var per = ImageGrid.Kernels(W(16 * 6 * 3 * 3), [16, 6, 3, 3], KernelView.PerInput);
        Assert.Equal((96, 6, 16), (per.Count, per.Columns, per.Rows));
        Assert.Equal("out 15", per.RowLabels![15]);

        var ex = Assert.Throws<ArgumentException>(() => ImageGrid.Kernels(W(10), [10]));
        Assert.Contains("[out, in, kh, kw]", ex.Message);
    }

    [Fact]
    public void Mean_view_averages_input_channels()
    {
        // out=1, in=2, 1x2 kernel: inputs [0, 4] and [2, 0] -> mean [1, 2] -> tile [0, 255]
        var grid = ImageGrid.Kernels([0f, 4f, 2f, 0f], [1, 2, 1, 2]);
        Assert.Equal(new byte[] { 0, 255 }, grid.Tile(0)!.GetPixels());
        // a mean with the opposite order would give [255, 0]
        var swapped = ImageGrid.Kernels([4f, 0f, 0f, 2f], [1, 2, 1, 2]);
        Assert.Equal(new byte[] { 255, 0 }, swapped.Tile(0)!.GetPixels());
    }

    [Fact]
    public void Feature_maps_accept_batch_of_one()
    {
        var maps = Enumerable.Range(0, 8 * 4 * 4).Select(i => (float)i).ToArray();
        var grid = ImageGrid.FeatureMaps(maps, [1, 8, 4, 4], channelCaptions: true);
        Assert.Equal(8, grid.Count);
        Assert.Equal("ch 7", grid.Captions[7]);
        Assert.Contains("ch 7", grid.ToHtml());
        Assert.Throws<ArgumentException>(() => ImageGrid.FeatureMaps(maps, [2, 4, 4, 4]));
    }

    [Fact]
    public void Samples_make_one_row_per_class_in_dataset_order()
    {
        // 6 images of 1x1 pixel with value = index / 8, labels cycle 0,1,2,0,1,2
        float[] images = [0f, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f];
        long[] labels = [0, 1, 2, 0, 1, 2];
        var grid = ImageGrid.Samples(images, [6, 1, 1], labels, ["zero", "one", "two"], perClass: 2);
        Assert.Equal((3, 2), (grid.Rows, grid.Columns));
        Assert.Equal(["zero", "one", "two"], grid.RowLabels!);
        Assert.Equal(Pixels(0.375f), grid.Tile(1)!.GetPixels()[0]); // class 0, second sample = image 3
        Assert.Equal(Pixels(0.125f), grid.Tile(2)!.GetPixels()[0]); // class 1, first sample = image 1
        var html = grid.ToHtml();
        Assert.Contains(">two<", html);
        Assert.Equal(6, html.Split("data:image/png;base64,").Length - 1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Samples(images, [6, 1, 1], [0, 1, 2, 3, 0, 0], ["a", "b", "c"], 1));
        Assert.Contains("label 3", ex.Message);
    }

    private static byte Pixels(float v) => (byte)Math.Round(v * 255.0);

    [Fact]
    public void Misclassified_captions_true_and_predicted_names()
    {
        float[] images = new float[5 * 3 * 2 * 2];
        for (int i = 0; i < images.Length; i++) images[i] = (i % 7) / 7f;
        long[] truth = [0, 1, 1, 0, 1];
        long[] pred = [0, 0, 1, 1, 0];
        var grid = ImageGrid.Misclassified(images, [5, 3, 2, 2], truth, pred, ["cat", "dog"], max: 2);
        Assert.Equal(2, grid.Count);
        Assert.Equal(3, grid.Channels);
        Assert.Equal("true: dog\npred: cat", grid.Captions[0]);
        Assert.Equal("true: cat\npred: dog", grid.Captions[1]);
        Assert.Contains("true: dog<br>pred: cat", grid.ToHtml());
        Assert.Throws<ArgumentException>(() => ImageGrid.Misclassified(images, [5, 3, 2, 2], truth, truth, ["cat", "dog"]));
    }

    [Fact]
    public void Grid_without_text_shows_one_png_in_html()
    {
        var grid = ImageGrid.FromArray(new float[3 * 4], [3, 2, 2], title: "zeros & ones");
        var html = grid.ToHtml();
        Assert.Contains("zeros &amp; ones", html);
        Assert.Equal(1, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("3 tile(s)", grid.ToString());
    }
}
