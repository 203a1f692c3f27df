namespace Course.Figures.Tests;

public class TableTests
{
    private static Table Sample() => new Table("Layers")
        .AddColumn("Layer")
        .AddColumn("Params", Align.Right, "N0")
        .AddColumn("Share", Align.Center, "0.0%")
        .AddRow("conv1", 156, 0.0026)
        .AddRow("fc <1>", 48120, 0.78)
        .AddFooter("Total", 61706, 1.0);

    [Fact]
    public void Text_is_aligned_with_box_borders()
    {
        var lines = Sample().ToText().Split('\n');
        Assert.Equal("Layers", lines[0]);
        Assert.Equal("┌────────┬────────┬────────┐", lines[1]);
        Assert.Equal("│ Layer  │ Params │ Share  │", lines[2]);
        Assert.Equal("│ conv1  │    156 │  0.3%  │", lines[4]);
        Assert.Equal("│ fc <1> │ 48,120 │ 78.0%  │", lines[5]);
        Assert.StartsWith("├", lines[6]);
        Assert.Equal("│ Total  │ 61,706 │ 100.0% │", lines[7]);
        Assert.Equal("└────────┴────────┴────────┘", lines[8]);
        Assert.All(lines.Skip(1), l => Assert.Equal(lines[1].Length, l.Length));
        Assert.Equal(Sample().ToText(), Sample().ToString());
    }

    [Fact]
    public void Ascii_borders()
    {
        var text = Sample().ToText(ascii: true);
        Assert.Contains("+--------+--------+--------+", text);
        Assert.Contains("| conv1  |    156 |  0.3%  |", text);
        Assert.DoesNotContain("│", text);
    }

    [Fact]
    public void Html_escapes_values_and_marks_alignment_and_footer()
    {
        var html = Sample().ToHtml();
        Assert.Contains("<caption", html);
        Assert.Contains("fc &lt;1&gt;", html);
        Assert.Contains("text-align:right;", html);
        Assert.Contains("<tfoot>", html);
        Assert.Contains(">61,706<", html);
        Assert.Equal(4, html.Split("<tr").Length - 1); // header + 2 rows + 1 footer
    }

    private sealed record Result(string Model, int Epochs, double TestAcc, long? Params);

    [Fact]
    public void FromRecords_uses_public_properties_in_order()
    {
        var t = Table.FromRecords([new Result("LeNet", 10, 0.98765, 61706), new Result("AlexNet", 5, 0.9, null)], "Results");
        Assert.Equal(["Model", "Epochs", "TestAcc", "Params"], t.Columns.Select(c => c.Header));
        Assert.Equal([Align.Left, Align.Right, Align.Right, Align.Right], t.Columns.Select(c => c.Align));
        Assert.Equal("0.9877", t.FormatCell(2, t.Rows[0][2]));
        Assert.Contains("│ AlexNet │      5 │     0.9 │        │", t.ToText());
    }

    [Fact]
    public void Wrong_row_length_names_expected_and_actual()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sample().AddRow("x", 1));
        Assert.Contains("expected 3", ex.Message);
        Assert.Contains("got 2", ex.Message);
        Assert.Throws<InvalidOperationException>(() => Sample().AddColumn("late"));
    }
}
