namespace Course.Notebooks.Tests;

public sealed class LanguageIsCompleteTests
{
    [Theory]
    [InlineData("var x = 1;")]
    [InlineData("Console.WriteLine(\"hi\");")]
    [InlineData("1 + 1")]
    [InlineData("class A { }")]
    [InlineData("#r \"nuget: Foo\"")]
    [InlineData("#r \"x.dll\"")]
    [InlineData("#!time\nvar x = 1;")]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("// a comment")]
    public void CompleteCode(string code) =>
        Assert.Equal(new IsCompleteResult(CodeCompleteness.Complete, ""), LanguageServices.IsComplete(code));

    [Theory]
    [InlineData("for (int i = 0; i < 3; i++) {", "    ")]
    [InlineData("class A {", "    ")]
    [InlineData("Foo(1,", "    ")]
    [InlineData("var s = \"abc", "    ")]
    [InlineData("class A {\n    void M() {", "        ")]
    [InlineData("var m = new int[,] { { 1, 2 }, {", "        ")]
    [InlineData("x ==", "    ")]
    [InlineData("/* comment", "    ")]
    [InlineData("var s = @\"abc", "    ")]
    public void IncompleteCodeSuggestsFourSpacesPerOpenBracket(string code, string indent) =>
        Assert.Equal(new IsCompleteResult(CodeCompleteness.Incomplete, indent), LanguageServices.IsComplete(code));

    [Theory]
    [InlineData("var x = 1;)")]
    [InlineData("int 1x = 2;")]
    [InlineData("}")]
    [InlineData("x = ;")]
    [InlineData("var x = 1 2;")]
    [InlineData("class { }")]
    public void InvalidCode(string code) =>
        Assert.Equal(new IsCompleteResult(CodeCompleteness.Invalid, ""), LanguageServices.IsComplete(code));
}
