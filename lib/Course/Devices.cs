using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>Picks the device to train on: CUDA when libtorch sees a GPU, else the CPU.</summary>
public static class Devices
{
    /// <summary>True when a CUDA device is available.</summary>
    public static bool CudaAvailable => torch.cuda.is_available();

    /// <summary>The best device: <c>cuda:0</c> when available, else <c>cpu</c>.</summary>
    public static Device Best() => CudaAvailable ? torch.CUDA : torch.CPU;

    /// <summary>
    /// Resolves a device name: <c>auto</c> (or null/empty) → <see cref="Best"/>; <c>cpu</c>; <c>cuda</c> / <c>cuda:N</c>.
    /// Asking for CUDA when none is available is an error naming the request.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA requested without a GPU.</exception>
    public static Device Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return Best();
        Device d;
        try { d = Device.Parse(name); }
        catch (ArgumentException) { throw new ArgumentException($"unknown device '{name}': expected auto, cpu, cuda or cuda:N"); }
        return Check(d);
    }

    /// <summary>Returns <paramref name="device"/> after checking that it exists (CUDA index below the device count).</summary>
    /// <exception cref="ArgumentException">CUDA requested without a GPU, or an index out of range.</exception>
    public static Device Check(Device device)
    {
        if (device.type != DeviceType.CUDA) return device;
        if (!CudaAvailable)
            throw new ArgumentException($"device '{device}' was requested but CUDA is not available (libtorch {torch.__version__} sees no GPU); use --device cpu or auto");
        int count = torch.cuda.device_count();
        if (device.index >= count)
            throw new ArgumentException($"device '{device}' was requested but only {count} CUDA device(s) exist");
        return device;
    }

    /// <summary>
    /// Sets libtorch's intra-op thread count: <paramref name="threads"/> when given, else the <c>COURSE_THREADS</c>
    /// environment variable when set; otherwise leaves libtorch's default. Returns the thread count in effect.
    /// </summary>
    public static int ConfigureThreads(int? threads = null)
    {
        if (threads is null && int.TryParse(Environment.GetEnvironmentVariable("COURSE_THREADS"), out var env)) threads = env;
        if (threads is { } n)
        {
            if (n <= 0) throw new ArgumentOutOfRangeException(nameof(threads), n, $"thread count must be positive, got {n}");
            torch.set_num_threads(n);
        }
        return torch.get_num_threads();
    }
}
