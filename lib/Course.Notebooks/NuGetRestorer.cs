using System.Diagnostics;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>The assets of a restore: DLLs to compile against and DLLs to load at run time.</summary>
internal sealed record RestoredAssets(IReadOnlyList<string> References, IReadOnlyList<string> RuntimeFiles);

/// <summary>
/// Restores <c>#r "nuget: ..."</c> packages with the real <c>dotnet restore</c>: writes a small project
/// into a temp folder (keyed by the package set, so repeated runs reuse it) and reads
/// obj/project.assets.json.
/// </summary>
internal static class NuGetRestorer
{
    /// <summary>Restores <paramref name="packages"/> (id, version or null for the latest) with extra <paramref name="sources"/>.</summary>
    public static async Task<RestoredAssets> RestoreAsync(IReadOnlyList<(string Id, string? Version)> packages,
        IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var project = BuildProject(packages, sources, tfm);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..16];
        var dir = Path.Combine(Path.GetTempPath(), "course-notebooks-nuget", key);
        var assetsFile = Path.Combine(dir, "obj", "project.assets.json");
        if (!File.Exists(assetsFile))
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "restore.csproj"), project, cancellationToken);
            await RunRestoreAsync(dir, packages, cancellationToken);
        }
        return ReadAssets(assetsFile, tfm);
    }

    static string BuildProject(IReadOnlyList<(string Id, string? Version)> packages, IReadOnlyList<string> sources, string tfm)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        sb.AppendLine("  <PropertyGroup>");
        sb.AppendLine($"    <TargetFramework>{tfm}</TargetFramework>");
        sb.AppendLine("    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>");
        sb.AppendLine("    <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>");
        sb.AppendLine("    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>");
        if (sources.Count > 0)
            sb.AppendLine($"    <RestoreAdditionalProjectSources>{SecurityElement.Escape(string.Join(";", sources))}</RestoreAdditionalProjectSources>");
        sb.AppendLine("  </PropertyGroup>");
        sb.AppendLine("  <ItemGroup>");
        foreach (var (id, version) in packages)
            sb.AppendLine($"    <PackageReference Include=\"{SecurityElement.Escape(id)}\" Version=\"{SecurityElement.Escape(version ?? "*")}\" />");
        sb.AppendLine("  </ItemGroup>");
        sb.AppendLine("</Project>");
        return sb.ToString();
    }

    static async Task RunRestoreAsync(string dir, IReadOnlyList<(string Id, string? Version)> packages, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(DotnetHost(), ["restore", "restore.csproj", "--nologo", "-v", "q"])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Variables set by a parent MSBuild (dotnet test/run) would point the child at the wrong SDK pieces.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            psi.Environment.Remove(name);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet restore");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var names = string.Join(", ", packages.Select(p => p.Version is null ? p.Id : $"{p.Id} {p.Version}"));
            var log = ((await stdout) + (await stderr)).Trim();
            try { Directory.Delete(Path.Combine(dir, "obj"), recursive: true); } catch (IOException) { }
            throw new InvalidOperationException($"NuGet restore of {names} failed (exit code {process.ExitCode}):\n{log}");
        }
    }

    /// <summary>The dotnet host to run: the one running us, else the one next to the shared runtime, else PATH.</summary>
    internal static string DotnetHost()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtimeDir is null ? null : Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var candidate = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }

    static RestoredAssets ReadAssets(string assetsFile, string tfm)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsFile))!.AsObject();
        var targets = assets["targets"]!.AsObject();
        var target = (targets[tfm] ?? targets.FirstOrDefault(t => !t.Key.Contains('/')).Value)?.AsObject()
            ?? throw new InvalidDataException($"{assetsFile}: no target for {tfm}");
        var folders = assets["packageFolders"]!.AsObject().Select(f => f.Key).ToList();
        var libraries = assets["libraries"]!.AsObject();
        var references = new List<string>();
        var runtime = new List<string>();
        foreach (var (key, node) in target)
        {
            if (node?["type"]?.GetValue<string>() != "package") continue;
            var libPath = libraries[key]?["path"]?.GetValue<string>() ?? key.ToLowerInvariant();
            var root = folders.Select(f => Path.Combine(f, libPath)).FirstOrDefault(Directory.Exists);
            if (root is null) continue;
            var run = Files(node["runtime"], root);
            var compile = Files(node["compile"], root);
            runtime.AddRange(run);
            var runNames = run.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // Compile against the implementation DLLs (they are what gets loaded); keep compile-only ones too.
            references.AddRange(run);
            references.AddRange(compile.Where(c => !runNames.Contains(Path.GetFileName(c))));
        }
        return new RestoredAssets(references, runtime);
    }

    static List<string> Files(JsonNode? section, string root) => section is JsonObject o
        ? o.Select(kv => kv.Key).Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(root, p))).ToList()
        : new List<string>();
}
