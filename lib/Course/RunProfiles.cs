using System.Globalization;
using Course.Figures;
using Course.Models;

namespace Course;

/// <summary>
/// What each run mode of a GPU-sized notebook trains, side by side: d2l's published setting (full), the CPU profile
/// and the smoke run, all read from the model registry (<see cref="ModelInfo.For"/>, <see cref="ModelInfo.TrainingFor"/>).
/// </summary>
public static class RunProfiles
{
    static readonly RunMode[] Order = { RunMode.Full, RunMode.Cpu, RunMode.Smoke };

    /// <summary>One line: "32×32, 3 epochs × 60,000 images, adam lr 0.001 (cosine), batch 128".</summary>
    public static string Setting(string model, RunMode mode, int trainImages = 60_000)
    {
        var family = ModelRegistry.Get(model);
        var info = family.For(mode);
        var t = family.TrainingFor(mode);
        int images = t.TrainLimit is { } l ? Math.Min(l, trainImages) : trainImages;
        return string.Format(CultureInfo.InvariantCulture, "{0}×{0}, {1} epoch{2} × {3:N0} images, {4} lr {5:G3}{6}{7}, batch {8}",
            info.InputShape[^1], t.Epochs, t.Epochs == 1 ? "" : "s", images, t.Optimizer, t.LearningRate,
            t.Momentum > 0 ? $" momentum {t.Momentum:G2}" : "", t.Schedule != "none" ? $" ({t.Schedule})" : "", t.BatchSize);
    }

    /// <summary>
    /// The table a notebook shows before it trains: network, input, parameters and training of the full setting, the
    /// CPU profile and the smoke run; <paramref name="current"/> marks the column this run uses.
    /// </summary>
    public static Table Compare(string model, RunMode current, int trainImages = 60_000, int testImages = 10_000)
    {
        var family = ModelRegistry.Get(model);
        var table = new Table($"{family.Name}: what each run mode trains (this run: {current.Name()})").AddColumn("");
        foreach (var m in Order)
            table.AddColumn((m == current ? "▶ " : "") + m switch
            {
                RunMode.Full => "full (d2l's GPU setting)",
                RunMode.Cpu => "cpu (the CPU profile)",
                _ => "smoke (CI)",
            });
        var infos = Order.Select(family.For).ToArray();
        var settings = Order.Select(family.TrainingFor).ToArray();
        var parameters = infos.Select(i =>
        {
            using var net = i.Create();
            return net.parameters().Sum(p => p.numel());
        }).ToArray();
        table.AddRow(new object?[] { "network" }.Concat(infos.Select(i => (object?)i.Name)).ToArray());
        table.AddRow(new object?[] { "input" }.Concat(infos.Select(i => (object?)string.Join("×", i.InputShape))).ToArray());
        table.AddRow(new object?[] { "parameters" }.Concat(parameters.Select(p => (object?)p.ToString("N0", CultureInfo.InvariantCulture))).ToArray());
        table.AddRow(new object?[] { "optimizer" }.Concat(settings.Select(t => (object?)string.Format(CultureInfo.InvariantCulture, "{0} lr {1:G3}{2}{3}",
            t.Optimizer, t.LearningRate, t.Momentum > 0 ? $", momentum {t.Momentum:G2}" : "", t.Schedule != "none" ? $", {t.Schedule}" : ""))).ToArray());
        table.AddRow(new object?[] { "batch" }.Concat(settings.Select(t => (object?)t.BatchSize)).ToArray());
        table.AddRow(new object?[] { "epochs" }.Concat(settings.Select(t => (object?)t.Epochs)).ToArray());
        table.AddRow(new object?[] { "training images" }.Concat(settings.Select(t => (object?)(t.TrainLimit is { } l ? Math.Min(l, trainImages) : trainImages).ToString("N0", CultureInfo.InvariantCulture))).ToArray());
        table.AddRow(new object?[] { "test images" }.Concat(settings.Select(t => (object?)(t.TestLimit is { } l ? Math.Min(l, testImages) : testImages).ToString("N0", CultureInfo.InvariantCulture))).ToArray());
        return table;
    }
}
