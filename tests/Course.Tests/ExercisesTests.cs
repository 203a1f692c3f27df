namespace Course.Tests;

public sealed class ExercisesTests
{
    [Fact]
    public void ChecksReportTheirExerciseAndOutcomeForCi()
    {
        var pass = Exercises.Equal("2.1 inputs of the first dense layer", 400L, () => 16L * 5 * 5);
        var fail = Exercises.Equal("2.1 inputs of the first dense layer", 400L, () => 16L * 4 * 4, "your count");
        var open = Exercises.Check("2.3 modern LeNet", () => throw new NotImplementedException());
        Assert.True(pass.Passed);
        Assert.Equal("2.1", pass.Id);
        Assert.Contains("data-course-check=\"passed\" data-course-exercise=\"2.1\"", pass.ToHtml());
        Assert.Contains("data-course-check=\"not-passed\" data-course-exercise=\"2.1\"", fail.ToHtml());
        Assert.Equal("your count is 256, expected 400", fail.Message);
        Assert.False(open.Passed);
        Assert.Contains("not attempted yet", open.Message);
    }

    [Fact]
    public void AGateThatIsMetShowsAGreenBoxAndOneThatIsMissedFailsTheRun()
    {
        var ok = Exercises.Gate("LeNet test accuracy", 0.8123, 0.75, "d2l's LeNet reaches about 0.8");
        Assert.Contains("data-course-gate=\"passed\"", ok.ToHtml());
        Assert.Contains("0.8123 ≥ 0.75", ok.ToHtml());
        var e = Assert.Throws<LearningGateException>(() => Exercises.Gate("LeNet test accuracy", 0.1, 0.75, "d2l's LeNet reaches about 0.8"));
        Assert.Equal("learning gate 'LeNet test accuracy' failed: 0.1 is below the threshold 0.75 (d2l's LeNet reaches about 0.8)", e.Message);
        Assert.Throws<LearningGateException>(() => Exercises.Gate("loss went NaN", double.NaN, 0.5, "chance is 0.1"));
    }
}
