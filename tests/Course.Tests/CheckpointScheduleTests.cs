using Course.Data;
using TorchSharp;

namespace Course.Tests;

/// <summary>A run resumed from a checkpoint follows the learning-rate schedule as if it had not stopped.</summary>
public class CheckpointScheduleTests
{
    private static History Train(int epochs, string dir, LrSchedule schedule)
    {
        torch.manual_seed(7);
        using var model = TestEnv.TinyNet();
        var (x, y) = TestEnv.Synthetic(96, 1);
        try
        {
            using var trainer = new Trainer(model, new TrainerOptions
            {
                Epochs = epochs, LearningRate = 0.1, Momentum = 0.9, Seed = 7, Device = "cpu", PrintEpochs = false, Log = TextWriter.Null,
                CheckpointDir = dir, Schedule = schedule, StepSize = 1, Gamma = 0.5, MinLearningRate = 0.01,
            });
            return trainer.Fit(Batches.FromTensors(x, y, 16));
        }
        finally { x.Dispose(); y.Dispose(); }
    }

    [Fact]
    public void ResumedRunKeepsTheStepSchedule()
    {
        var (uninterrupted, continued) = RunBoth(LrSchedule.Step, 4, 2, 4);
        Assert.Equal(new[] { 0.1, 0.05, 0.025, 0.0125 }, continued.Epochs.Select(e => e.LearningRate));
        Assert.True(uninterrupted.SameMetrics(continued), $"{uninterrupted}\n---\n{continued}");
    }

    [Fact]
    public void LongerResumedRunAnnealsOverItsOwnEpochs()
    {
        // 2 epochs annealed over 2, then resumed for 4: epochs 3 and 4 follow the 4-epoch cosine.
        var (uninterrupted, continued) = RunBoth(LrSchedule.Cosine, 4, 2, 4);
        Assert.Equal(uninterrupted.Epochs.Skip(2).Select(e => e.LearningRate), continued.Epochs.Skip(2).Select(e => e.LearningRate));
        Assert.Equal(0.01 + 0.09 * (1 + Math.Cos(Math.PI * 3 / 4)) / 2, continued[3].LearningRate, 12);
    }

    private static (History Uninterrupted, History Continued) RunBoth(LrSchedule schedule, int full, int first, int then)
    {
        string a = Path.Combine(Path.GetTempPath(), "course-sched-" + Guid.NewGuid().ToString("N")), b = a + "-resumed";
        try
        {
            var uninterrupted = Train(full, a, schedule);
            Train(first, b, schedule);
            return (uninterrupted, Train(then, b, schedule));
        }
        finally
        {
            foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }
}
