using System.Collections.Concurrent;

namespace Course.Notebooks;

/// <summary>
/// The one thread a session's cells run on, with a single-threaded <see cref="SynchronizationContext"/>: every
/// cell, and every <c>await</c> continuation inside a cell, runs here. Thread-local state therefore carries from
/// one line of a cell to the next and from cell to cell, as in a Python kernel — libtorch's grad mode
/// (<c>no_grad()</c>) and the binding's dispose scopes are thread-local.
/// </summary>
internal sealed class SessionThread : SynchronizationContext, IDisposable
{
    readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> queue = new();
    readonly Thread thread;
    volatile bool waiting;

    /// <summary>Starts the thread (16 MB stack, like the runner's cell threads always had).</summary>
    public SessionThread(string name, Action<Exception> unhandled)
    {
        Unhandled = unhandled;
        thread = new Thread(Run, 16 * 1024 * 1024) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Receives exceptions thrown by posted work that nobody awaits (e.g. an <c>async void</c> handler in a cell).</summary>
    Action<Exception> Unhandled { get; }

    /// <summary>The session thread.</summary>
    public Thread Thread => thread;

    /// <summary>True while the thread has nothing to run (a cell, if any, is awaiting something).</summary>
    public bool IsWaitingForWork => waiting;

    /// <summary>True when called on the session thread.</summary>
    public bool IsCurrent => Thread.CurrentThread == thread;

    void Run()
    {
        SetSynchronizationContext(this);
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            try
            {
                waiting = true;
                if (!queue.TryTake(out item, Timeout.Infinite)) break;   // completed: the session is disposed
            }
            catch (ThreadInterruptedException) { continue; }             // an interrupt meant for a cell that had already finished
            catch (ObjectDisposedException) { break; }
            finally { waiting = false; }
            try { item.Callback(item.State); }
            catch (Exception e) { Unhandled(e); }
        }
    }

    /// <summary>Queues <paramref name="d"/> to run on the session thread (after the session ends: on the thread pool).</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        try { queue.Add((d, state)); }
        catch (InvalidOperationException) { ThreadPool.QueueUserWorkItem(_ => d(state)); }   // completed (or disposed)
    }

    /// <summary>Runs <paramref name="d"/> on the session thread and waits for it (inline when already there).</summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (IsCurrent) { d(state); return; }
        using var done = new ManualResetEventSlim();
        Exception? error = null;
        Post(s =>
        {
            try { d(s); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        }, state);
        done.Wait();
        if (error is not null) throw new InvalidOperationException("SynchronizationContext.Send on the session thread failed", error);
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>
    /// Interrupts a blocking wait (<c>Thread.Sleep</c>, <c>Task.Wait</c>, <c>Monitor.Wait</c>, <c>Join</c>) of the code now
    /// running on the session thread; returns false (and does nothing) unless the thread is blocked in code that is
    /// not the queue's own wait.
    /// </summary>
    public bool InterruptBlockingWait()
    {
        if (waiting || (thread.ThreadState & ThreadState.WaitSleepJoin) == 0) return false;
        thread.Interrupt();
        return true;
    }

    /// <summary>Clears an interrupt that arrived after the blocked code had already moved on (call on the session thread).</summary>
    public static void ClearPendingInterrupt()
    {
        try { Thread.Sleep(0); }
        catch (ThreadInterruptedException) { }
    }

    /// <summary>Lets the thread finish what is queued and end; a cell still running keeps it alive (it is a background thread).</summary>
    public void Dispose() => queue.CompleteAdding();
}
