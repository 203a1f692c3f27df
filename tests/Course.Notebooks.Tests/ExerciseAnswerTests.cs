using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

/// <summary><c>course run --answers committed|solutions|wrong</c>: what goes into the exercise cells.</summary>
public sealed class ExerciseAnswerTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    static JsonObject Exercise(string id, string source, params string[] wrong) => Code(source, new JsonObject
    {
        ["tags"] = new JsonArray("exercise"),
        ["course"] = new JsonObject { ["exercise"] = id, ["wrong"] = new JsonArray(wrong.Select(w => (JsonNode?)w).ToArray()) },
    });

    static JsonObject Solution(string id, string source) => Code(source, new JsonObject
    {
        ["tags"] = new JsonArray("solution"), ["course"] = new JsonObject { ["solution"] = id },
    });

    string Write() => fx.Write("exercises.ipynb",
        Exercise("1.1", "int answer = 0; // your answer", "int answer = 41;"),
        Code("answer == 42 ? \"1.1 passed\" : \"1.1 not passed\""),
        Exercise("1.2", "string Greet(string who) => throw new NotImplementedException();", "string Greet(string who) => \"hello\";"),
        Code("string Check12() { try { return Greet(\"Ada\") == \"hello Ada\" ? \"passed\" : \"not passed\"; } catch (NotImplementedException) { return \"not passed\"; } }\nCheck12()"),
        Markdown("## Solutions"),
        Solution("1.1", "int answer = 42;"),   // a solution replaces its exercise cell: it declares what the exercise declares
        Solution("1.2", "string Greet(string who) => \"hello \" + who;"));

    static string Value(JsonObject nb, int cell) => Text(Outputs(nb, cell).Single()!["data"]!["text/plain"]);

    [Theory]
    [InlineData(AnswerMode.Committed, "1.1 not passed", "not passed", 7)]
    [InlineData(AnswerMode.Solutions, "1.1 passed", "passed", 5)]
    [InlineData(AnswerMode.Wrong, "1.1 not passed", "not passed", 5)]
    public async Task EachModePutsItsAnswersIntoTheExerciseCells(AnswerMode mode, string first, string second, int cells)
    {
        var (result, nb) = await fx.RunAsync(Write(), new RunnerOptions { Answers = mode });
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal(first, Value(nb, 2));
        Assert.Equal(second, Value(nb, 4));
        Assert.Equal(cells, nb["cells"]!.AsArray().Count);   // solution cells are moved into place, not run twice
        if (mode != AnswerMode.Committed)
            Assert.Equal(mode == AnswerMode.Solutions ? "solution" : "wrong", (string?)Cell(nb, 1)["metadata"]!["course"]!["answer"]);
    }

    [Fact]
    public async Task AnExerciseWithoutASolutionOrAWrongAnswerIsNamed()
    {
        var path = fx.Write("bad.ipynb", Exercise("3.2", "int x = 0;"), Code("x"));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path, new RunnerOptions { Answers = AnswerMode.Solutions, WriteNotebook = false }));
        Assert.Contains("exercise 3.2 has no solution cell", e.Message);
        e = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path, new RunnerOptions { Answers = AnswerMode.Wrong, WriteNotebook = false }));
        Assert.Contains("exercise 3.2 has no wrong answer", e.Message);
        Assert.Throws<ArgumentException>(() => ExerciseAnswers.Parse("all"));
    }

    [Fact]
    public async Task OutputsRecordTheDisplayedTypeAndItsPolyglotFormatterAttribute()
    {
        var path = fx.Write("types.ipynb",
            Code("[AttributeUsage(AttributeTargets.Class)] public class TypeFormatterSourceAttribute : Attribute { }\n" +
                 "[TypeFormatterSource] public class Marked { public string ToHtml() => \"<b>m</b>\"; }\npublic class Plain { }"),
            Code("display(new Marked());\nnew Plain()"),
            Code("42"));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        var outputs = Outputs(nb, 2);
        Assert.EndsWith("Marked", (string)outputs[0]!["metadata"]!["dotnet"]!["type"]!);
        Assert.True((bool)outputs[0]!["metadata"]!["dotnet"]!["type_formatter_source"]!);
        Assert.EndsWith("Plain", (string)outputs[1]!["metadata"]!["dotnet"]!["type"]!);
        Assert.False((bool)outputs[1]!["metadata"]!["dotnet"]!["type_formatter_source"]!);
        Assert.Equal("System.Int32", (string)Outputs(nb, 3).Single()!["metadata"]!["dotnet"]!["type"]!);
    }
}
