using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>Which answers a run puts into a notebook's exercise cells.</summary>
public enum AnswerMode
{
    /// <summary>The notebook as committed: the learner's empty exercise cells (every check reports "not passed").</summary>
    Committed,
    /// <summary>Each exercise cell replaced by its solution cell (every check must pass).</summary>
    Solutions,
    /// <summary>Each exercise cell replaced by its first plausible wrong answer (every check must report "not passed").</summary>
    Wrong,
}

/// <summary>
/// Puts solutions or wrong answers into a notebook's exercise cells, so CI can verify each exercise check both ways.
/// Exercise cells carry <c>metadata.course.exercise</c> (an id like "2.1") and <c>metadata.course.wrong</c> (wrong
/// answers); solution cells carry <c>metadata.course.solution</c> (scripts/nbbuild.py writes both).
/// </summary>
public static class ExerciseAnswers
{
    /// <summary>Parses "committed", "solutions" or "wrong".</summary>
    public static AnswerMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "committed" or "none" => AnswerMode.Committed,
        "solutions" or "solution" => AnswerMode.Solutions,
        "wrong" => AnswerMode.Wrong,
        var other => throw new ArgumentException($"--answers: expected committed, solutions or wrong, got '{other}'"),
    };

    /// <summary>
    /// Applies <paramref name="mode"/>: the exercise cells get the solution's (or the first wrong answer's) source and the
    /// solution cells are removed. Returns the number of exercises changed; throws <see cref="InvalidDataException"/>
    /// naming the exercise when one has no solution or no wrong answer.
    /// </summary>
    public static int Apply(NotebookDocument notebook, AnswerMode mode)
    {
        if (mode == AnswerMode.Committed) return 0;
        var cells = notebook.Cells;
        var exercises = cells.OfType<JsonObject>().Where(c => Course(c)?["exercise"] is not null).ToList();
        var solutions = cells.OfType<JsonObject>().Where(c => Course(c)?["solution"] is not null)
            .ToDictionary(c => (string)Course(c)!["solution"]!, c => c);
        foreach (var exercise in exercises)
        {
            var id = (string)Course(exercise)!["exercise"]!;
            string source;
            if (mode == AnswerMode.Solutions)
            {
                if (!solutions.TryGetValue(id, out var solution))
                    throw new InvalidDataException($"exercise {id} has no solution cell (```csharp solution {id} in notebooks/src)");
                source = NotebookDocument.GetSource(solution);
            }
            else
            {
                source = Course(exercise)!["wrong"] is JsonArray { Count: > 0 } wrong ? (string)wrong[0]!
                    : throw new InvalidDataException($"exercise {id} has no wrong answer (```csharp wrong {id} in notebooks/src)");
            }
            exercise["source"] = NotebookDocument.ToLines(source);
            Course(exercise)!["answer"] = mode == AnswerMode.Solutions ? "solution" : "wrong";
        }
        foreach (var solution in solutions.Values) cells.Remove(solution);
        return exercises.Count;
    }

    static JsonObject? Course(JsonObject cell) => cell["metadata"]?["course"] as JsonObject;
}
