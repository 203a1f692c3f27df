namespace Course.Notebooks;

/// <summary>
/// The formatters and preferred MIME types a notebook registered through
/// <see cref="Microsoft.DotNet.Interactive.Formatting.Formatter"/>: one registry per <see cref="ExecutionSession"/>, so
/// registrations never leak from one notebook or kernel session into another. A registration for a type applies to
/// values of that type and of types derived from it (or implementing it; an open generic type definition applies to
/// its constructed types); the most specific one wins, and among equally specific ones the latest.
/// </summary>
internal sealed class FormatterRegistry
{
    sealed record Registration(Type Type, string MimeType, Action<object, TextWriter> Write);

    readonly object gate = new();
    readonly List<Registration> formatters = new();
    readonly List<(Type Type, string[] MimeTypes)> preferred = new();

    /// <summary>Used by code that runs outside any session (the static <c>Formatter</c> called from a test or a tool).</summary>
    public static readonly FormatterRegistry Global = new();

    /// <summary>The registry of the session running on this execution flow, else <see cref="Global"/>.</summary>
    public static FormatterRegistry Current => ConsoleCapture.Owner()?.Formatters ?? Global;

    /// <summary>Adds a formatter writing values assignable to <paramref name="type"/> as <paramref name="mimeType"/>.</summary>
    public void Register(Type type, string mimeType, Action<object, TextWriter> write)
    {
        lock (gate) formatters.Add(new Registration(type, mimeType, write));
    }

    /// <summary>Sets the MIME types a displayed value of <paramref name="type"/> (or a derived type) is formatted as.</summary>
    public void SetPreferred(Type type, string[] mimeTypes)
    {
        lock (gate) preferred.Add((type, mimeTypes));
    }

    /// <summary>Forgets every registration and preference.</summary>
    public void Reset()
    {
        lock (gate)
        {
            formatters.Clear();
            preferred.Clear();
        }
    }

    /// <summary>The preferred MIME types set for <paramref name="type"/> (most specific, latest), or null.</summary>
    public string[]? PreferredFor(Type type)
    {
        lock (gate) return Best(preferred.Where(p => AppliesTo(p.Type, type)), p => p.Type).MimeTypes;
    }

    /// <summary>
    /// The MIME types a value of <paramref name="type"/> is displayed as by registration: its preferred MIME types, else
    /// those of the formatters registered for it; empty when nothing registered applies (the engine's own rules then).
    /// </summary>
    public IReadOnlyList<string> MimeTypesFor(Type type)
    {
        if (PreferredFor(type) is { } chosen) return chosen;
        lock (gate) return formatters.Where(f => AppliesTo(f.Type, type)).Select(f => f.MimeType).Distinct().ToList();
    }

    /// <summary>Writes <paramref name="value"/> with the best formatter registered for its type and <paramref name="mimeType"/>;
    /// null when none is registered.</summary>
    public string? TryFormat(object value, string mimeType)
    {
        Registration? best;
        lock (gate) best = Best(formatters.Where(f => f.MimeType == mimeType && AppliesTo(f.Type, value.GetType())), f => f.Type);
        if (best is null) return null;
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        best.Write(value, writer);
        return writer.ToString();
    }

    /// <summary>The most specific candidate; among equally specific (or unrelated) ones the latest registered.</summary>
    static T? Best<T>(IEnumerable<T> candidates, Func<T, Type> typeOf)
    {
        T? best = default;
        bool found = false;
        foreach (var c in candidates)
        {
            if (found && IsMoreSpecific(typeOf(best!), typeOf(c))) continue;
            best = c;
            found = true;
        }
        return best;
    }

    /// <summary>True when <paramref name="a"/> is a proper subtype of <paramref name="b"/> (or constructed from it).</summary>
    static bool IsMoreSpecific(Type a, Type b) => a != b && AppliesTo(b, a);

    /// <summary>True when a registration for <paramref name="registered"/> applies to a value of <paramref name="actual"/>.</summary>
    internal static bool AppliesTo(Type registered, Type actual)
    {
        if (registered.IsAssignableFrom(actual)) return true;
        if (!registered.IsGenericTypeDefinition) return false;
        for (var t = actual; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == registered) return true;
        return actual.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == registered);
    }
}
