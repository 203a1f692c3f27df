using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

/// <summary>The notebook → file-based app conversion (<see cref="AppExporter"/>), on notebooks written for each case.</summary>
public sealed class AppExportTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    /// <summary>A repository layout in the fixture's folder: lib/NAME/NAME.csproj for each name, notebooks/, apps/.</summary>
    string Repo(params string[] projects)
    {
        foreach (var p in projects.Append(AppExporter.EngineProject))
        {
            Directory.CreateDirectory(Path.Combine(fx.Dir, "lib", p));
            File.WriteAllText(Path.Combine(fx.Dir, "lib", p, p + ".csproj"), "<Project />");
        }
        Directory.CreateDirectory(Path.Combine(fx.Dir, "notebooks"));
        return Path.Combine(fx.Dir, "apps");
    }

    string Export(params JsonObject[] cells)
    {
        var apps = Repo("Lib");
        var path = fx.Write(Path.Combine("notebooks", "07-demo.ipynb"), cells);
        return AppExporter.Export(NotebookDocument.Load(path), path, apps);
    }

    static string Body(string app) => app[(app.IndexOf("App.Start(", StringComparison.Ordinal))..];

    [Fact]
    public void Markdown_becomes_comments_between_the_code_cells_in_order()
    {
        var app = Export(Markdown("# Title\n\nSome *text*."), Code("var a = 1;"), Markdown("Between."), Code("var b = a + 1;"));
        Assert.Contains("App.Start(args, \"07-demo\");\n\n// # Title\n//\n// Some *text*.\n\nvar a = 1;\n\n// Between.\n\nvar b = a + 1;\n", app);
        Assert.StartsWith("// 07-demo.cs: the notebook notebooks/07-demo.ipynb as a .NET 10 file-based app.\n", app);
        Assert.EndsWith("var b = a + 1;\n", app);
    }

    [Fact]
    public void References_become_project_and_package_directives_and_usings_go_to_the_top()
    {
        var app = Export(
            Code("#r \"../artifacts/course/Lib.dll\"\n#r \"nuget: Humanizer, 2.14.1\"\n#r \"nuget: Some.Tool\"\nusing Lib; using static Lib.Helpers;\nvar x = 1;"),
            Code("using Lib;\nusing System.IO;\nvar y = 2;"));
        var lines = app.Split('\n');
        Assert.Equal(["#:project ../lib/Lib/Lib.csproj", "#:project ../lib/Course.Notebooks/Course.Notebooks.csproj",
            "#:package Humanizer@2.14.1", "#:package Some.Tool@*"], lines.Where(l => l.StartsWith("#:p", StringComparison.Ordinal) && !l.StartsWith("#:property", StringComparison.Ordinal)));
        // the directives come before any code, the usings (each once) before the first statement
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("#:", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("using", StringComparison.Ordinal)));
        Assert.Single(lines, "using Lib;");
        Assert.Single(lines, "using static Lib.Helpers;");
        Assert.Single(lines, "using System.IO;");
        Assert.True(Array.IndexOf(lines, "using System.IO;") < Array.FindIndex(lines, l => l.StartsWith("App.Start", StringComparison.Ordinal)));
        Assert.DoesNotContain("#r", app);
        Assert.Contains("\nvar x = 1;\n\nvar y = 2;\n", Body(app));
    }

    [Fact]
    public void The_parameters_cell_reads_the_command_line()
    {
        var app = Export(Code("var smoke = false;\nvar epochs = 10;\nvar name = \"default\";", Tagged("parameters")),
            Code("// Parameters\nvar smoke = true;", Tagged("injected-parameters")), Code("Console.WriteLine(epochs);"));
        Assert.Contains("App.Start(args, \"07-demo\", \"smoke\", \"epochs\", \"name\");", app);
        Assert.Contains("var smoke = App.Param(\"smoke\", false);\nvar epochs = App.Param(\"epochs\", 10);\nvar name = App.Param(\"name\", \"default\");", app);
        Assert.DoesNotContain("var smoke = true", app);   // a runner's injected cell is not part of the app
        Assert.Contains("dotnet run apps/07-demo.cs -- --smoke", app);
    }

    [Fact]
    public void A_trailing_expression_is_shown_and_a_statement_is_not()
    {
        var app = Export(Code("var a = 6;\na * 7"), Code("Console.WriteLine(a);"), Code("new[] { 1, 2 }\n    .Select(i => i * a)"));
        Assert.Contains("var a = 6;\nApp.Show(a * 7);", app);
        Assert.Contains("\nConsole.WriteLine(a);\n", app);
        Assert.Contains("App.Show(new[] { 1, 2 }\n    .Select(i => i * a));", app);
        Assert.Equal(2, app.Split("App.Show(").Length - 1);
    }

    [Fact]
    public void Types_move_after_the_statements_with_their_markdown_and_methods_stay()
    {
        var app = Export(Markdown("## A record for points\nMore text."), Code("record Point(int X, int Y);\nvar p = new Point(1, 2);\nint Twice(int v) => 2 * v;\nTwice(p.X)"),
            Code("class Box { public int V; }\nenum Colour { Red }"));
        var body = Body(app);
        var lastStatement = body.IndexOf("App.Show(Twice(p.X));", StringComparison.Ordinal);
        Assert.True(lastStatement > 0);
        Assert.Contains("\nint Twice(int v) => 2 * v;\n", body);
        var record = body.IndexOf("record Point(int X, int Y);", StringComparison.Ordinal);
        Assert.True(record > lastStatement, "the record comes after the statements");
        Assert.Contains("// (declared in the notebook's cell 2)\n// ## A record for points\n// More text.\nrecord Point(int X, int Y);", body);
        Assert.True(body.IndexOf("class Box", StringComparison.Ordinal) > record);
        Assert.True(body.IndexOf("enum Colour", StringComparison.Ordinal) > body.IndexOf("class Box", StringComparison.Ordinal));
    }

    [Fact]
    public void Solution_cells_become_comments_and_exercise_cells_stay()
    {
        var course = (string key, string id) => new JsonObject { ["course"] = new JsonObject { [key] = id } };
        var app = Export(Code("long n = 0; // your answer", course("exercise", "2.1")), Code("Console.WriteLine(n);"),
            Code("long n = 16 * 5 * 5;", course("solution", "2.1")));
        Assert.Contains("// Exercise 2.1: your answer goes here.\nlong n = 0; // your answer\n", app);
        Assert.Contains("// Solution 2.1 (to try it, put it in place of the code under \"Exercise 2.1\" above):\n// long n = 16 * 5 * 5;\n", app);
        Assert.Single(app.Split('\n'), l => l.StartsWith("long n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#load \"helpers.csx\"", "cell 1: line 1: #load \"helpers.csx\" has no equivalent")]
    [InlineData("#i \"nuget: https://example.org/feed\"", "cell 1: line 1: #i")]
    [InlineData("#!time\nvar t = 1;", "cell 1: #!time has no equivalent")]
    [InlineData("#!who", "cell 1: line 1: the magic command #!who")]
    [InlineData("#!fsharp\nlet x = 1", "cell 1: its language is fsharp")]
    [InlineData("#r \"../artifacts/course/Missing.dll\"", "cell 1: line 1: #r \"../artifacts/course/Missing.dll\" names no project")]
    [InlineData("var a = 1;\nif (a > 0) return;\nConsole.WriteLine(a);", "cell 1: line 2: 'return;' ends the cell in a notebook but would end the whole program")]
    [InlineData("public int Twice(int v) => 2 * v;", "cell 1: the method Twice is 'public'")]
    [InlineData("int Count { get; set; }", "cell 1: 'int Count { get; set; }' declares a script member that a program's statements cannot hold")]
    [InlineData("var a = (1 + ;", "cell 1: line 1: it does not compile")]
    public void A_construct_an_app_cannot_hold_fails_naming_the_cell(string code, string message)
    {
        var e = Assert.Throws<AppExportException>(() => Export(Code(code)));
        Assert.Contains("07-demo: " + message, e.Message);
    }

    [Fact]
    public void A_name_declared_again_fails_naming_both_cells_while_lambdas_may_return()
    {
        var e = Assert.Throws<AppExportException>(() => Export(Code("var total = 1;"), Markdown("text"), Code("Func<int> f = () => { return 2; };\nvar total = f();")));
        Assert.Equal("07-demo: cell 3: 'total' is declared again (first in cell 1): a notebook's cells may redeclare a name, a program's statements may not; rename one of them in the notebook", e.Message);
    }

    /// <summary>
    /// An exported app built and run with <c>dotnet run</c> against the engine's project: parameters from the command
    /// line, text on the console, rich outputs (and an updated one) on the page, bad arguments refused with exit code 2.
    /// </summary>
    [Fact]
    public async Task An_exported_app_runs_with_dotnet_run_and_writes_its_page()
    {
        var engine = Path.Combine(RepoRoot(), "lib", AppExporter.EngineProject, AppExporter.EngineProject + ".csproj");
        Directory.CreateDirectory(Path.Combine(fx.Dir, "notebooks"));
        var nb = fx.Write(Path.Combine("notebooks", "demo.ipynb"),
            Markdown("# Demo"),
            Code("var smoke = false;\nvar epochs = 3;", Tagged("parameters")),
            Code("class Card { public string ToHtml() => \"<b class='card'>card</b>\"; public override string ToString() => \"a card\"; }\nvar handle = display(\"first\");\nhandle.Update(HTML(\"<i class='updated'>updated</i>\"));\nConsole.WriteLine($\"smoke={smoke} epochs={epochs}\");"),
            Code("new Card()"));
        var apps = Path.Combine(fx.Dir, "apps");
        Directory.CreateDirectory(apps);
        var app = Path.Combine(apps, "demo.cs");
        File.WriteAllText(app, AppExporter.Export(NotebookDocument.Load(nb), nb, apps, engine));

        var (code, stdout, stderr) = await DotnetRun(app, "--smoke", "--param", "epochs=5");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("first\nsmoke=True epochs=5\na card\n[text/html on the page]", stdout.Replace("\r\n", "\n"));
        var page = File.ReadAllText(Path.Combine(fx.Dir, "out", "apps", "demo.html"));
        Assert.Contains("<i class='updated'>updated</i>", page);
        Assert.DoesNotContain("first", page);
        Assert.Contains("<b class='card'>card</b>", page);

        var (badCode, _, badErr) = await DotnetRun(app, "--param", "epochz=5");
        Assert.Equal(2, badCode);
        Assert.Contains("error: unknown parameter 'epochz': this app has smoke, epochs", badErr);
        var (typeCode, _, typeErr) = await DotnetRun(app, "--param", "epochs=many");
        Assert.Equal(2, typeCode);
        Assert.Contains("error: parameter 'epochs' expects a Int32, got 'many'", typeErr);
    }

    async Task<(int Code, string Stdout, string Stderr)> DotnetRun(string app, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = fx.Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "run", "-c", "Release", app, "--" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (p.ExitCode, await stdout, await stderr);
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Course.sln"))) return d.FullName;
        throw new InvalidOperationException($"Course.sln not found above {AppContext.BaseDirectory}");
    }
}
