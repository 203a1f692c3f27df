using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// How much a notebook (or <c>course train</c>) trains. <see cref="Full"/>: the published settings (d2l's, sized for a
/// GPU for notebooks 04-09 and 15); <see cref="Cpu"/>: the CPU profile, an honest scaled-down experiment that trains for
/// real in minutes on a laptop's cores; <see cref="Smoke"/>: a few steps on a subset, to show that everything runs (CI).
/// </summary>
public enum RunMode
{
    /// <summary>A few steps on a subset: everything runs, the numbers mean little.</summary>
    Smoke,
    /// <summary>The CPU profile: smaller input, narrower layers or fewer epochs, trained for real.</summary>
    Cpu,
    /// <summary>The published settings.</summary>
    Full,
}

/// <summary>Parsing and choosing a <see cref="RunMode"/>.</summary>
public static class RunModes
{
    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public const string Names = "auto, full, cpu or smoke";

    /// <summary>"full", "cpu", "smoke", or "auto" (<see cref="Auto"/>), case-insensitive.</summary>
    /// <exception cref="ArgumentException">Any other text; the message names it and the accepted ones.</exception>
    public static RunMode Parse(string mode) => (mode ?? "").Trim().ToLowerInvariant() switch
    {
        "auto" or "" => Auto,
        "full" => RunMode.Full,
        "cpu" => RunMode.Cpu,
        "smoke" => RunMode.Smoke,
        _ => throw new ArgumentException($"Unknown run mode '{mode}': expected {Names}.", nameof(mode)),
    };

    /// <summary>Full on a machine with a CUDA device, the CPU profile without one.</summary>
    public static RunMode Auto => cuda.is_available() ? RunMode.Full : RunMode.Cpu;

    /// <summary>A notebook's two parameters: <c>smoke = true</c> wins, else <paramref name="mode"/> (see <see cref="Parse"/>).</summary>
    public static RunMode Resolve(string mode, bool smoke) => smoke ? RunMode.Smoke : Parse(mode);

    /// <summary>"full", "cpu" or "smoke".</summary>
    public static string Name(this RunMode mode) => mode.ToString().ToLowerInvariant();
}
