using System.Globalization;
using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>
/// The runtime of a notebook exported as a .NET 10 file-based app (<c>course export --app</c>, <see cref="AppExporter"/>):
/// the app calls <see cref="Start"/> first, reads its parameters with <see cref="Param{T}"/>, and its cells'
/// <c>display(x)</c>, <c>HTML(...)</c> and trailing expressions (<see cref="Show"/>) print the value's text to the
/// console and put every rich output (chart, image, table) into one HTML page, formatted as the notebook engine
/// formats them (<see cref="DisplayFormatter"/>) and laid out as <see cref="NotebookHtml"/> lays out outputs.
/// <c>handle.Update(x)</c> redraws an output in place on that page.
/// </summary>
public static class App
{
    internal static readonly object Gate = new();
    static readonly List<JsonObject> Outputs = new();
    static readonly Dictionary<string, string> Given = new(StringComparer.Ordinal);
    static string[] declared = [];
    static DateTime lastWrite;
    static bool started;

    /// <summary>The app's name (its notebook's file name without extension); the page's title.</summary>
    public static string Name { get; private set; } = "app";

    /// <summary>Where the page is written: <c>--page PATH</c>, else <c>out/apps/NAME.html</c> under the current folder.</summary>
    public static string PagePath { get; private set; } = "";

    /// <summary>
    /// Reads the command line: <c>--smoke</c> (the same as <c>--param smoke=true</c>), <c>--param name=value</c>
    /// (repeatable; <paramref name="parameters"/> lists the names the app declares) and <c>--page PATH</c>.
    /// Bad arguments print a message naming them and exit with code 2. The page is written at exit.
    /// </summary>
    public static void Start(string[] args, string name, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(args);
        Name = name;
        declared = parameters;
        string? page = null;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--smoke": Add("smoke", "true"); break;
                    case "--param" when i + 1 < args.Length:
                        var (key, value) = ParameterInjector.ParseAssignment(args[++i]);
                        Add(key, value);
                        break;
                    case "--page" when i + 1 < args.Length: page = args[++i]; break;
                    case "-h" or "--help":
                        Console.WriteLine($"usage: dotnet run apps/{name}.cs -- [--smoke] [--param NAME=VALUE]… [--page PATH]");
                        Console.WriteLine($"parameters: {(parameters.Length == 0 ? "none" : string.Join(", ", parameters))}");
                        Environment.Exit(0);
                        break;
                    default:
                        throw new ArgumentException($"unknown argument '{args[i]}' (expected --smoke, --param NAME=VALUE or --page PATH)");
                }
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Environment.Exit(2);
        }
        PagePath = Path.GetFullPath(page ?? Path.Combine("out", "apps", name + ".html"));
        // charts load the repository's plotly.js (npm) when there is one, so the page draws offline (see Course.Figures.PlotlyJs)
        if (Environment.GetEnvironmentVariable("COURSE_PLOTLY") is null && FindUp(Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js")))
            Environment.SetEnvironmentVariable("COURSE_PLOTLY", "file");
        if (!started)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Finish();
            AppDomain.CurrentDomain.UnhandledException += (_, _) => Finish();
            started = true;
        }
    }

    static void Add(string key, string value)
    {
        if (!declared.Contains(key))
            throw new ArgumentException($"unknown parameter '{key}': this app has {(declared.Length == 0 ? "no parameters" : string.Join(", ", declared))}");
        Given[key] = value;
    }

    /// <summary>
    /// The parameter <paramref name="name"/>: the command line's value converted to <typeparamref name="T"/>
    /// (bool, int, long, double, string), else <paramref name="defaultValue"/> (the notebook's parameters cell).
    /// </summary>
    public static T Param<T>(string name, T defaultValue)
    {
        if (!Given.TryGetValue(name, out var text)) return defaultValue;
        object? value = defaultValue switch
        {
            bool => bool.TryParse(text, out var b) ? b : null,
            int => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            long => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            double => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            string => text,
            _ => null,
        };
        if (value is T typed) return typed;
        Console.Error.WriteLine($"error: parameter '{name}' expects a {typeof(T).Name}, got '{text}'");
        Environment.Exit(2);
        return defaultValue;
    }

    /// <summary>Shows <paramref name="obj"/> as a notebook's <c>display(obj)</c> does: its text on the console, its rich form on the page.</summary>
    public static AppOutput display(object? obj, params string[] mimeTypes)
    {
        var output = new AppOutput(mimeTypes);
        lock (Gate) Outputs.Add(output.Json);
        output.Set(obj, print: true);
        return output;
    }

    /// <summary>Wraps an HTML fragment so that displaying it shows it as text/html (as in a notebook).</summary>
    public static HtmlString HTML(string html) => new(html ?? throw new ArgumentNullException(nameof(html)));

    /// <summary>A notebook cell's trailing expression: shown like <see cref="display"/>, nothing for null.</summary>
    public static void Show(object? value)
    {
        if (value is not null) display(value);
    }

    /// <summary>Writes the page now (also done after each output, and at exit).</summary>
    public static void WritePage()
    {
        if (PagePath.Length == 0) return;
        string html;
        lock (Gate)
        {
            html = NotebookHtml.RenderOutputs(Name, Outputs);
            lastWrite = DateTime.UtcNow;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(PagePath)!);
        File.WriteAllText(PagePath, html);
    }

    internal static void Changed(bool now)
    {
        if (now || DateTime.UtcNow - lastWrite > TimeSpan.FromSeconds(2)) WritePage();
    }

    static void Finish()
    {
        if (PagePath.Length == 0) return;
        WritePage();
        Console.Out.Flush();
        Console.Error.WriteLine($"page: {PagePath} ({Outputs.Count} outputs)");
    }

    static bool FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return true;
        return false;
    }
}

/// <summary>An output on an app's page; <see cref="Update"/> redraws it in place (a notebook's display handle).</summary>
public sealed class AppOutput
{
    readonly string[] mimeTypes;

    internal AppOutput(string[] mimeTypes) => this.mimeTypes = mimeTypes;

    /// <summary>The output as nbformat display_data JSON, as the notebook page shows it.</summary>
    internal JsonObject Json { get; } = new() { ["output_type"] = "display_data" };

    /// <summary>Replaces the output with <paramref name="obj"/> (formatted with the original MIME types, if any); the page is rewritten at most every 2 s and at exit.</summary>
    public void Update(object? obj) => Set(obj, print: false);

    internal void Set(object? obj, bool print)
    {
        var bundle = DisplayFormatter.Format(obj, mimeTypes);
        var data = new JsonObject();
        foreach (var (mime, value) in bundle) data[mime] = value;
        lock (App.Gate) Json["data"] = data;
        if (print && bundle.TryGetValue("text/plain", out var text))
        {
            Console.WriteLine(text);
            if (bundle.Count > 1) Console.WriteLine($"[{string.Join(", ", bundle.Keys.Where(k => k != "text/plain"))} on the page]");
        }
        App.Changed(now: print);
    }
}
