using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

public sealed class ParameterTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Theory]
    [InlineData("3", "3")]
    [InlineData("-2", "-2")]
    [InlineData("0.001", "0.001")]
    [InlineData("1e-3", "1e-3")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("abc", "\"abc\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("True", "\"True\"")]
    [InlineData("99999999999999999999", "\"99999999999999999999\"")]
    [InlineData("1.", "\"1.\"")]
    public void ValuesBecomeCSharpLiterals(string value, string literal) => Assert.Equal(literal, ParameterInjector.ToLiteral(value));

    [Fact]
    public void BadNamesAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => ParameterInjector.BuildSource(new Dictionary<string, string> { ["1x"] = "1" }));
        Assert.Contains("'1x'", e.Message);
        Assert.Throws<ArgumentException>(() => ParameterInjector.BuildSource(new Dictionary<string, string> { ["class"] = "1" }));
        Assert.Throws<ArgumentException>(() => ParameterInjector.ParseAssignment("novalue"));
        Assert.Equal(new KeyValuePair<string, string>("a", "b=c"), ParameterInjector.ParseAssignment("a=b=c"));
    }

    [Fact]
    public async Task ParametersAreInjectedAfterTheTaggedCell()
    {
        var path = fx.Write("params.ipynb",
            Markdown("# Params"),
            Code("var smoke = false;\nvar epochs = 10;\nvar name = \"default\";", Tagged("parameters")),
            Code("$\"{smoke} {epochs} {name} {epochs.GetType().Name}\""));
        var options = new RunnerOptions { Parameters = { ["smoke"] = "true", ["epochs"] = "2", ["name"] = "hello world" } };
        var (result, nb) = await fx.RunAsync(path, options);

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal(4, nb["cells"]!.AsArray().Count);
        var injected = Cell(nb, 3);
        Assert.Equal("injected-parameters", (string?)injected["metadata"]!["tags"]![0]);
        Assert.Equal("// Parameters\nvar smoke = true;\nvar epochs = 2;\nvar name = \"hello world\";\n", Text(injected["source"]));
        Assert.Equal(2, (int?)injected["execution_count"]);
        Assert.Equal("True 2 hello world Int32", Text(Outputs(nb, 4).Single()!["data"]!["text/plain"]));

        // Running the executed notebook again replaces the injected cell instead of adding another.
        var again = await NotebookRunner.RunAsync(result.OutputPath!, new RunnerOptions { Parameters = { ["epochs"] = "5" } });
        Assert.True(again.Passed, again.FailureSummary);
        var nb2 = JsonNode.Parse(File.ReadAllText(again.OutputPath!))!.AsObject();
        Assert.Equal(4, nb2["cells"]!.AsArray().Count);
        Assert.Equal("False 5 default Int32", Text(Outputs(nb2, 4).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task WithoutATaggedCellParametersGoFirstAndGetAnIdInNbformat45()
    {
        var path = fx.Write("noparams.ipynb", Code("smoke"));
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["nbformat_minor"] = 5;
        root["cells"]![0]!["id"] = "first";
        File.WriteAllText(path, root.ToJsonString());

        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { Parameters = { ["smoke"] = "true" } });
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("injected-parameters", (string?)Cell(nb, 1)["metadata"]!["tags"]![0]);
        Assert.False(string.IsNullOrEmpty((string?)Cell(nb, 1)["id"]));
        Assert.Equal("True", Text(Outputs(nb, 2).Single()!["data"]!["text/plain"]));
    }
}
