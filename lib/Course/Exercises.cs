using System.Net;

namespace Course;

/// <summary>The outcome of an exercise check; shows as a green or red box in a notebook.</summary>
public sealed record CheckResult(string Exercise, bool Passed, string Message)
{
    public string ToHtml()
    {
        var (colour, mark) = Passed ? ("#1a7f37", "✓") : ("#b35900", "✗");
        return $"<div style=\"border-left:4px solid {colour};padding:4px 10px;margin:4px 0;font-family:sans-serif\">" +
               $"<b style=\"color:{colour}\">{mark} {WebUtility.HtmlEncode(Exercise)}</b> — {WebUtility.HtmlEncode(Message)}</div>";
    }

    public override string ToString() => $"{(Passed ? "PASS" : "NOT YET")} {Exercise}: {Message}";
}

/// <summary>
/// Automatic checks for the notebooks' exercises. A check never throws: it reports what is wrong
/// (or that the exercise is not attempted yet), so a notebook always runs to its end.
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

    static string Show<T>(T v) => v switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        _ => v.ToString() ?? "",
    };
}

/// <summary>A list of check results (e.g. after the solutions).</summary>
public sealed record CheckReport(IReadOnlyList<CheckResult> Results)
{
    public bool AllPassed => Results.All(r => r.Passed);
    public string ToHtml() => string.Concat(Results.Select(r => r.ToHtml()));
    public override string ToString() => string.Join(Environment.NewLine, Results);
}
