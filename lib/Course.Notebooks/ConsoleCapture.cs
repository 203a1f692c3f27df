using System.Text;

namespace Course.Notebooks;

/// <summary>
/// Routes <see cref="Console.Out"/> and <see cref="Console.Error"/> to the running cell of the session that owns
/// the writing thread (an async-local flows into threads and tasks started by the cell), or to its last cell when
/// none runs; writes with no session go to the original console.
/// </summary>
internal static class ConsoleCapture
{
    static readonly object Gate = new();
    static readonly AsyncLocal<ExecutionSession?> Current = new();
    static readonly List<ExecutionSession> Active = new();
    static TextWriter? originalOut, originalError;

    /// <summary>The console's stdout before capture was installed.</summary>
    public static TextWriter OriginalOut => originalOut ?? Console.Out;

    /// <summary>Installs the routing writers (once) and registers <paramref name="session"/> as active.</summary>
    public static void Register(ExecutionSession session)
    {
        lock (Gate)
        {
            if (originalOut is null)
            {
                originalOut = Console.Out;
                originalError = Console.Error;
                Console.SetOut(new RoutingWriter("stdout", originalOut));
                Console.SetError(new RoutingWriter("stderr", originalError));
            }
            Active.Add(session);
        }
    }

    /// <summary>Removes <paramref name="session"/> from the active list.</summary>
    public static void Unregister(ExecutionSession session)
    {
        lock (Gate) Active.Remove(session);
    }

    /// <summary>Makes <paramref name="session"/> the owner of console writes on this execution flow.</summary>
    public static void Enter(ExecutionSession session) => Current.Value = session;

    /// <summary>The session that owns this execution flow, else the only active session, else null.</summary>
    public static ExecutionSession? Owner()
    {
        var s = Current.Value;
        if (s is not null) return s;
        lock (Gate) return Active.Count == 1 ? Active[0] : null;
    }

    sealed class RoutingWriter(string name, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (Owner()?.TryWriteStream(name, value) == true) return;
            lock (fallback) fallback.Write(value);
        }

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override void WriteLine() => Write("\n");

        public override void Flush()
        {
            lock (fallback) fallback.Flush();
        }
    }
}
