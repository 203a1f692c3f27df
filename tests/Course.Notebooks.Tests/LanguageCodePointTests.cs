namespace Course.Notebooks.Tests;

public sealed class LanguageCodePointTests
{
    const string Text = "a😀b\u00e9😀";   // UTF-16: a, pair, b, é, pair = 7 units, 5 code points

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    [InlineData(5, 7)]
    [InlineData(9, 7)]
    public void CodePointsMapToUtf16Indices(int codePoints, int utf16)
    {
        Assert.Equal(utf16, LanguageServices.CodePointsToUtf16(Text, codePoints));
        Assert.Equal(Math.Min(codePoints, 5), LanguageServices.Utf16ToCodePoints(Text, utf16));
    }

    [Fact]
    public async Task CompletionAfterAnEmojiUsesUtf16Offsets()
    {
        var code = "var s = \"😀\"; Console.Wri";
        var cursor = LanguageServices.CodePointsToUtf16(code, code.EnumerateRunes().Count());

        var result = await LanguageServices.CompleteAsync(LanguageTestSupport.Fresh(), code, cursor);

        Assert.Equal(code.Length, cursor);
        Assert.Equal(["Write", "WriteLine"], result.Matches);
        Assert.Equal(code.Length - 3, result.CursorStart);
        Assert.Equal(code.EnumerateRunes().Count() - 3, LanguageServices.Utf16ToCodePoints(code, result.CursorStart));
    }
}
