using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Course.Notebooks;

/// <summary>
/// Turns a notebook into a .NET 10 file-based app (<c>dotnet run apps/NAME.cs -- --smoke</c>): the code cells in order,
/// markdown as comments between them, <c>#r</c> of a course assembly as a <c>#:project</c> directive (relative to the
/// app's folder), <c>#r "nuget: …"</c> as <c>#:package</c>, the parameters cell read from the command line
/// (<see cref="App.Param{T}"/>), trailing expressions as <see cref="App.Show"/> calls, <c>using</c> directives moved to
/// the top and type declarations to the end (a program declares them after its statements). Solution cells become
/// comments (the learner's exercise cells stay). Constructs a program cannot express fail with
/// <see cref="AppExportException"/> naming the cell.
/// </summary>
public static class AppExporter
{
    /// <summary>The engine's project, which every app references for its runtime (<see cref="App"/>).</summary>
    public const string EngineProject = "Course.Notebooks";

    static readonly CSharpParseOptions ScriptParse = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Exports <paramref name="notebookPath"/> to <c>APPS/NAME.cs</c>; returns the app's path.</summary>
    public static string ExportFile(string notebookPath, string appsDirectory)
    {
        var path = Path.Combine(appsDirectory, Path.GetFileNameWithoutExtension(notebookPath) + ".cs");
        var text = Export(NotebookDocument.Load(notebookPath), notebookPath, appsDirectory);
        Directory.CreateDirectory(appsDirectory);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// The app's source for <paramref name="notebook"/>, read from <paramref name="notebookPath"/> (relative <c>#r</c>
    /// paths start in its folder) and written into <paramref name="appsDirectory"/> (<c>#:project</c> paths start there).
    /// The engine's project is <paramref name="engineProject"/>, else <c>lib/Course.Notebooks/Course.Notebooks.csproj</c>
    /// found above the notebook's or the apps' folder.
    /// </summary>
    public static string Export(NotebookDocument notebook, string notebookPath, string appsDirectory, string? engineProject = null)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var notebookDir = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var appsDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appsDirectory));
        var state = new ExportState(name) { Folder = Path.GetFileName(appsDir) };
        var body = new StringBuilder();
        var cells = notebook.Cells.OfType<JsonObject>().ToList();
        string? lastMarkdown = null;
        for (int i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var number = i + 1;
            var type = cell["cell_type"]?.GetValue<string>();
            var source = NotebookDocument.GetSource(cell);
            if (type == "markdown") { AppendComment(body, source); lastMarkdown = source; continue; }
            if (type != "code" || NotebookDocument.HasTag(cell, ParameterInjector.InjectedTag)) continue;
            var parsed = CellParser.Parse(source, notebook.LanguageOf(cell));
            if (parsed.Language == "markdown") { AppendComment(body, parsed.Code); lastMarkdown = parsed.Code; continue; }
            if (parsed.Language != "csharp") throw state.Error(number, $"its language is {parsed.Language}; an app holds C# only");
            if (parsed.Unsupported is { } magic) throw state.Error(number, $"line {magic.Line}: the magic command {magic.Command} has no equivalent in a program");
            if (parsed.Time) throw state.Error(number, "#!time has no equivalent in a program");
            if (cell["metadata"]?["course"]?["solution"] is JsonValue solution)
            {
                body.Append("// Solution ").Append(solution).Append(" (to try it, put it in place of the code under \"Exercise ").Append(solution).Append("\" above):\n");
                AppendComment(body, source.Trim('\n'));
                continue;
            }
            foreach (var d in parsed.Directives) state.AddDirective(d, number, notebookDir, appsDir);
            var code = ConvertCell(parsed.Code, number, NotebookDocument.HasTag(cell, ParameterInjector.ParametersTag), state, lastMarkdown);
            if (cell["metadata"]?["course"]?["exercise"] is JsonValue exercise)
                body.Append("// Exercise ").Append(exercise).Append(": your answer goes here.\n");
            if (code.Length > 0) body.Append(code).Append("\n\n");
        }
        state.AddEngine(engineProject, notebookDir, appsDir);
        return Assemble(state, body.ToString(), Path.GetRelativePath(Path.GetDirectoryName(appsDir) ?? appsDir, Path.GetFullPath(notebookPath)).Replace('\\', '/'));
    }

    static string Assemble(ExportState state, string body, string notebookRelative)
    {
        var sb = new StringBuilder();
        sb.Append("// ").Append(state.Name).Append(".cs: the notebook ").Append(notebookRelative).Append(" as a .NET 10 file-based app.\n")
          .Append("// Generated by `./course export --app`; do not edit (a test compares it with the notebook): change the notebook\n")
          .Append("// and export again. Run it from the repository root:\n")
          .Append("//   dotnet run ").Append(state.Folder).Append('/').Append(state.Name).Append(".cs").Append(state.Parameters.Contains("smoke") ? " -- --smoke" : "").Append('\n')
          .Append("// Text goes to the console; charts, images and tables to one page, out/apps/").Append(state.Name).Append(".html.\n");
        foreach (var p in state.Projects) sb.Append("#:project ").Append(p).Append('\n');
        foreach (var p in state.Packages) sb.Append("#:package ").Append(p).Append('\n');
        // as the notebook engine compiles a cell: its imports only, nullable annotations without warnings; not native AOT (a
        // file-based app's default), under which the course library's reflection-based JSON does not work
        sb.Append("#:property ImplicitUsings=disable\n#:property Nullable=annotations\n#:property PublishAot=false\n\n");
        foreach (var u in ScriptHost.DefaultImports.Select(n => $"using {n};").Concat(state.Usings).Distinct()) sb.Append(u).Append('\n');
        sb.Append("using static Course.Notebooks.App;\nusing App = Course.Notebooks.App;\n\n");
        sb.Append("App.Start(args, \"").Append(state.Name).Append('"');
        foreach (var p in state.Parameters) sb.Append(", \"").Append(p).Append('"');
        sb.Append(");\n\n").Append(body);
        if (state.Types.Count > 0)
        {
            sb.Append("// The types the notebook's cells declare: a program declares them after its statements.\n\n");
            foreach (var t in state.Types) sb.Append(t).Append("\n\n");
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    static void AppendComment(StringBuilder sb, string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Trim('\n').Split('\n'))
            sb.Append(line.TrimEnd().Length == 0 ? "//" : "// " + line.TrimEnd()).Append('\n');
        sb.Append('\n');
    }

    /// <summary>One cell's code as statements of the program: usings and types taken out, trailing expression shown, parameters read.</summary>
    static string ConvertCell(string code, int number, bool isParameters, ExportState state, string? markdown)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ScriptParse).GetRoot();
        if (root.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            throw state.Error(number, $"line {error.Location.GetLineSpan().StartLinePosition.Line + 1}: it does not compile ({error.GetMessage()})");
        var edits = new List<(TextSpan Span, string Text)>();
        foreach (var u in root.Usings)
        {
            state.Usings.Add(u.WithoutTrivia().ToFullString());
            edits.Add((u.Span, ""));
        }
        if (root.Externs.Count > 0) throw state.Error(number, "extern alias has no place in a program's statements");
        var members = root.Members;
        for (int m = 0; m < members.Count; m++)
        {
            var member = members[m];
            switch (member)
            {
                case GlobalStatementSyntax g:
                    CheckReturns(g, number, state);
                    state.Declare(g.Statement, number);
                    if (isParameters && g.Statement is LocalDeclarationStatementSyntax parameter) edits.AddRange(ReadParameter(parameter.Declaration, number, state));
                    if (m == members.Count - 1 && g.Statement is ExpressionStatementSyntax { SemicolonToken.IsMissing: true } trailing)
                        edits.Add((trailing.Span, $"App.Show({trailing.Expression});"));
                    break;
                case FieldDeclarationSyntax field:
                    // a script's top-level variable (a field of the submission): a local variable of the program
                    if (field.Modifiers.FirstOrDefault(t => !t.IsKind(SyntaxKind.ConstKeyword)) is { RawKind: not 0 } fieldModifier)
                        throw state.Error(number, $"'{FirstLine(field)}' is '{fieldModifier}': a program's variables are locals, which take no modifier but const");
                    foreach (var v in field.Declaration.Variables) state.DeclareName(v.Identifier.Text, number);
                    if (isParameters) edits.AddRange(ReadParameter(field.Declaration, number, state));
                    break;
                case MethodDeclarationSyntax method:
                    if (method.Modifiers.FirstOrDefault(t => !t.IsKind(SyntaxKind.StaticKeyword) && !t.IsKind(SyntaxKind.AsyncKeyword) && !t.IsKind(SyntaxKind.UnsafeKeyword)) is { RawKind: not 0 } modifier)
                        throw state.Error(number, $"the method {method.Identifier} is '{modifier}': a program's methods are local functions, which take only static, async and unsafe");
                    CheckReturns(method, number, state, insideFunction: true);
                    state.DeclareName(method.Identifier.Text, number);
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    var header = markdown is null ? "" : CommentText(FirstLines(markdown, 3)) + "\n";
                    state.Types.Add($"// (declared in the notebook's cell {number})\n" + header + code.Substring(member.FullSpan.Start, member.FullSpan.Length).Trim('\n', ' ', '\r'));
                    edits.Add((member.FullSpan, ""));
                    break;
                case PropertyDeclarationSyntax or EventDeclarationSyntax or EventFieldDeclarationSyntax or IndexerDeclarationSyntax or OperatorDeclarationSyntax:
                    throw state.Error(number, $"'{FirstLine(member)}' declares a script member that a program's statements cannot hold; write it as a variable or a method");
                default:
                    throw state.Error(number, $"'{FirstLine(member)}' ({member.Kind()}) cannot be converted into a program");
            }
        }
        foreach (var (span, text) in edits.OrderByDescending(e => e.Span.Start))
            code = code.Remove(span.Start, span.Length).Insert(span.Start, text);
        return Tidy(code);
    }

    /// <summary><c>var smoke = false;</c> → <c>var smoke = App.Param("smoke", false);</c></summary>
    static IEnumerable<(TextSpan, string)> ReadParameter(VariableDeclarationSyntax declaration, int number, ExportState state)
    {
        foreach (var v in declaration.Variables)
        {
            if (v.Initializer is null) throw state.Error(number, $"the parameter {v.Identifier} has no default value");
            state.Parameters.Add(v.Identifier.Text);
            yield return (v.Initializer.Value.Span, $"App.Param(\"{v.Identifier.Text}\", {v.Initializer.Value})");
        }
    }

    /// <summary>A <c>return</c> outside any lambda or function ends a script's cell but would end the whole program.</summary>
    static void CheckReturns(SyntaxNode node, int number, ExportState state, bool insideFunction = false)
    {
        foreach (var r in node.DescendantNodes().OfType<ReturnStatementSyntax>())
        {
            bool nested = insideFunction || r.Ancestors().TakeWhile(a => a != node)
                .Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);
            if (!nested)
                throw state.Error(number, $"line {r.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: '{r}' ends the cell in a notebook but would end the whole program; restructure the cell (e.g. if/else)");
        }
    }

    static string FirstLine(SyntaxNode node) => node.ToString().Split('\n')[0].Trim();

    static string FirstLines(string text, int count) => string.Join("\n", text.Trim('\n').Split('\n').Take(count));

    static string CommentText(string text) => string.Join("\n", text.Split('\n').Select(l => l.TrimEnd().Length == 0 ? "//" : "// " + l.TrimEnd()));

    /// <summary>Drops blank lines at both ends and runs of blank lines (left by directives and moved declarations).</summary>
    static string Tidy(string code)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        var kept = new List<string>();
        foreach (var line in lines)
            if (line.Length > 0 || (kept.Count > 0 && kept[^1].Length > 0)) kept.Add(line);
        while (kept.Count > 0 && kept[^1].Length == 0) kept.RemoveAt(kept.Count - 1);
        return string.Join("\n", kept);
    }

    /// <summary>What the export collects over the cells.</summary>
    sealed class ExportState(string name)
    {
        public string Name { get; } = name;
        /// <summary>The apps' folder name, as the run command in the header names it.</summary>
        public string Folder { get; init; } = "apps";
        public List<string> Projects { get; } = new();
        public List<string> Packages { get; } = new();
        public List<string> Usings { get; } = new();
        public List<string> Types { get; } = new();
        public List<string> Parameters { get; } = new();
        readonly Dictionary<string, int> declared = new(StringComparer.Ordinal);

        public AppExportException Error(int cell, string message) => new($"{Name}: cell {cell}: {message}");

        public void AddDirective(Directive d, int cell, string notebookDir, string appsDir)
        {
            switch (d.Kind)
            {
                case DirectiveKind.Reference:
                    var assembly = Path.GetFileNameWithoutExtension(d.Value);
                    var project = FindProject(assembly, notebookDir)
                        ?? throw Error(cell, $"line {d.Line}: #r \"{d.Value}\" names no project of this repository (looked for lib/{assembly}/{assembly}.csproj above {notebookDir}); an app references projects and packages, not DLLs");
                    AddProject(project, appsDir);
                    break;
                case DirectiveKind.NuGetReference:
                    var package = $"{d.Value}@{d.Version ?? "*"}";
                    if (!Packages.Contains(package)) Packages.Add(package);
                    break;
                case DirectiveKind.NuGetSource:
                    throw Error(cell, $"line {d.Line}: #i \"{d.Value}\" (a package source) has no file-level directive; put the source in a NuGet.config");
                default:
                    throw Error(cell, $"line {d.Line}: #load \"{d.Value}\" has no equivalent in a file-based app; copy the script's code into the notebook");
            }
        }

        public void AddEngine(string? given, string notebookDir, string appsDir) =>
            AddProject(given ?? FindProject(EngineProject, notebookDir) ?? FindProject(EngineProject, appsDir)
                ?? throw new AppExportException($"{Name}: the engine's project lib/{EngineProject}/{EngineProject}.csproj was not found above {notebookDir}"), appsDir);

        void AddProject(string project, string appsDir)
        {
            var relative = Path.GetRelativePath(appsDir, project).Replace('\\', '/');
            if (!Projects.Contains(relative)) Projects.Add(relative);
        }

        static string? FindProject(string assembly, string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "lib", assembly, assembly + ".csproj");
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        /// <summary>Records the names a top-level statement declares; a second declaration of one is an error.</summary>
        public void Declare(StatementSyntax statement, int cell)
        {
            IEnumerable<SyntaxToken> names = statement switch
            {
                LocalDeclarationStatementSyntax l => l.Declaration.Variables.Select(v => v.Identifier),
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: DeclarationExpressionSyntax d } } =>
                    d.Designation.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Select(s => s.Identifier),
                LocalFunctionStatementSyntax f => [f.Identifier],
                _ => [],
            };
            foreach (var n in names) DeclareName(n.Text, cell);
        }

        public void DeclareName(string name, int cell)
        {
            if (declared.TryGetValue(name, out var first))
                throw Error(cell, $"'{name}' is declared again (first in cell {first}): a notebook's cells may redeclare a name, a program's statements may not; rename one of them in the notebook");
            declared[name] = cell;
        }
    }
}

/// <summary>A notebook construct that a file-based app cannot express; the message names the notebook, the cell and the construct.</summary>
public sealed class AppExportException(string message) : Exception(message);
