namespace Course.Kernel;

/// <summary>
/// The kernel's log: one line per event on the process's stderr, which Jupyter shows in the server's console
/// (the kernel's own Console.Error is redirected to the running cell, so the original stream is kept here).
/// </summary>
internal static class KernelLog
{
    static TextWriter writer = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });

    /// <summary>Sends the log elsewhere (tests).</summary>
    public static void RedirectTo(TextWriter target) => writer = TextWriter.Synchronized(target);

    /// <summary>Writes <c>[course-kernel] HH:mm:ss.fff message</c>.</summary>
    public static void Write(string message) => writer.WriteLine($"[course-kernel] {DateTime.Now:HH:mm:ss.fff} {message}");
}
