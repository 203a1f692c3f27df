using System.Globalization;
using System.Net;
using Course.Polyglot;

namespace Course;

/// <summary>The outcome of an exercise check; shows as a green or red box in a notebook.</summary>
/// <param name="Exercise">The exercise's title, starting with its number ("2.1 inputs of the first dense layer").</param>
/// <param name="Passed">Whether the answer is right.</param>
/// <param name="Message">"correct", or what is wrong.</param>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record CheckResult(string Exercise, bool Passed, string Message)
{
    /// <summary>The exercise number: the title's first word ("2.1").</summary>
    public string Id => Exercise.Split(' ', 2)[0];

    /// <summary>A box; <c>data-course-check</c> and <c>data-course-exercise</c> let CI read the outcome of every check.</summary>
    public string ToHtml()
    {
        var (colour, mark, state) = Passed ? ("#1a7f37", "✓", "passed") : ("#b35900", "✗", "not-passed");
        return $"<div class=\"course-check\" data-course-check=\"{state}\" data-course-exercise=\"{WebUtility.HtmlEncode(Id)}\" " +
               $"style=\"border-left:4px solid {colour};padding:4px 10px;margin:4px 0;font-family:sans-serif\">" +
               $"<b style=\"color:{colour}\">{mark} {WebUtility.HtmlEncode(Exercise)}</b> — {WebUtility.HtmlEncode(Message)}</div>";
    }

    public override string ToString() => $"{(Passed ? "PASS" : "NOT YET")} {Exercise}: {Message}";
}

/// <summary>A passed learning gate: a trained model reached the result the course expects of it.</summary>
/// <param name="Name">What was measured ("LeNet test accuracy").</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The least value the gate accepts.</param>
/// <param name="Source">Where the threshold comes from.</param>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record GateResult(string Name, double Value, double Threshold, string Source)
{
    /// <summary>A green box; <c>data-course-gate</c> lets CI see that the gate ran.</summary>
    public string ToHtml() =>
        "<div class=\"course-gate\" data-course-gate=\"passed\" style=\"border-left:4px solid #1a7f37;padding:4px 10px;margin:4px 0;font-family:sans-serif\">" +
        $"<b style=\"color:#1a7f37\">✓ learning gate: {WebUtility.HtmlEncode(Name)}</b> {F(Value)} ≥ {F(Threshold)} — {WebUtility.HtmlEncode(Source)}</div>";

    public override string ToString() => $"PASS learning gate {Name}: {F(Value)} >= {F(Threshold)} ({Source})";

    internal static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>A trained model missed its learning gate: the notebook run fails here.</summary>
public sealed class LearningGateException(string name, double value, double threshold, string source)
    : Exception($"learning gate '{name}' failed: {GateResult.F(value)} is below the threshold {GateResult.F(threshold)} ({source})")
{
    /// <summary>What was measured.</summary>
    public string Name { get; } = name;
    /// <summary>The measured value.</summary>
    public double Value { get; } = value;
    /// <summary>The least value the gate accepts.</summary>
    public double Threshold { get; } = threshold;
}

/// <summary>
/// Automatic checks for the notebooks' exercises. A check never throws: it reports what is wrong
/// (or that the exercise is not attempted yet), so a notebook always runs to its end. A learning gate
/// (<see cref="Gate"/>) is the exception: a model that did not learn fails the run.
/// </summary>
public static class Exercises
{
    /// <summary>Runs <paramref name="test"/>; it returns null when the answer is right, else what is wrong.</summary>
    public static CheckResult Check(string exercise, Func<string?> test, string success = "correct")
    {
        try
        {
            var problem = test();
            return problem is null ? new(exercise, true, success) : new(exercise, false, problem);
        }
        catch (NotImplementedException)
        {
            return new(exercise, false, "not attempted yet: replace the NotImplementedException with your code");
        }
        catch (Exception e)
        {
            return new(exercise, false, $"your code threw {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Checks that <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static CheckResult Equal<T>(string exercise, T expected, Func<T> actual, string what = "the answer") =>
        Check(exercise, () =>
        {
            var a = actual();
            return EqualityComparer<T>.Default.Equals(a, expected) ? null : $"{what} is {Show(a)}, expected {Show(expected)}";
        });

    /// <summary>Checks that a number is within <paramref name="tolerance"/> of the expected value.</summary>
    public static CheckResult Near(string exercise, double expected, Func<double> actual, double tolerance, string what = "the answer") =>
        Check(exercise, () =>
        {
            var a = actual();
            return Math.Abs(a - expected) <= tolerance ? null : $"{what} is {a:G6}, expected {expected:G6} (± {tolerance:G3})";
        });

    /// <summary>Checks that a number reaches a threshold (e.g. an accuracy).</summary>
    public static CheckResult AtLeast(string exercise, double threshold, Func<double> actual, string what = "the value") =>
        Check(exercise, () =>
        {
            var a = actual();
            return a >= threshold ? null : $"{what} is {a:G4}, needs at least {threshold:G4}";
        });

    /// <summary>Checks a tensor shape.</summary>
    public static CheckResult Shape(string exercise, long[] expected, Func<long[]> actual, string what = "the output shape") =>
        Check(exercise, () =>
        {
            var a = actual();
            return a.SequenceEqual(expected) ? null : $"{what} is [{string.Join(", ", a)}], expected [{string.Join(", ", expected)}]";
        });

    /// <summary>Several results shown together.</summary>
    public static CheckReport Report(params CheckResult[] results) => new(results);

    /// <summary>
    /// A learning gate: passes (a green box) when <paramref name="value"/> reaches <paramref name="threshold"/>, else throws
    /// <see cref="LearningGateException"/>, so a notebook whose model did not learn fails. Say where the threshold comes
    /// from in <paramref name="source"/> (the published number it is set below, or "clearly better than chance").
    /// </summary>
    public static GateResult Gate(string name, double value, double threshold, string source)
    {
        if (!double.IsFinite(value) || value < threshold) throw new LearningGateException(name, value, threshold, source);
        return new GateResult(name, value, threshold, source);
    }

    static string Show<T>(T v) => v switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => v.ToString() ?? "",
    };
}

/// <summary>A list of check results.</summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record CheckReport(IReadOnlyList<CheckResult> Results)
{
    public bool AllPassed => Results.All(r => r.Passed);
    public string ToHtml() => string.Concat(Results.Select(r => r.ToHtml()));
    public override string ToString() => string.Join(Environment.NewLine, Results);
}
