using static TorchSharp.NativeOps;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>
    /// A random number generator (libtorch's CPU generator): pass it as <c>generator:</c> to the random functions to
    /// draw a reproducible stream independent of the global one. <see cref="Default"/> is the global generator that
    /// <see cref="manual_seed"/> seeds.
    /// </summary>
    public sealed class Generator : IDisposable
    {
        IntPtr handle;

        internal Generator(IntPtr handle, Device device) { this.handle = Native.Check(handle, "Generator"); this.device = device; }

        /// <summary>A new CPU generator seeded with <paramref name="seed"/>.</summary>
        public Generator(ulong seed = 0, Device? device = null) : this(ts_generator_new(seed), device ?? CPU)
        {
            if (this.device.type != DeviceType.CPU)
                throw new TorchException($"Generator: only CPU generators are supported by this binding, got device '{this.device}'");
        }

        /// <summary>The global CPU generator.</summary>
        public static Generator Default => new(ts_generator_default(), CPU);

        /// <summary>The native at::Generator pointer.</summary>
        public IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Generator));

        /// <summary>The device whose random numbers it draws.</summary>
        public Device device { get; }

        /// <summary>Reseeds the generator; returns it.</summary>
        public Generator manual_seed(long seed) { Native.Check(ts_generator_manual_seed(Handle, unchecked((ulong)seed)), "Generator.manual_seed"); return this; }

        /// <summary>Seeds it from a non-deterministic source; returns the seed.</summary>
        public long seed() => unchecked((long)ts_generator_seed(Handle));

        /// <summary>The seed it was last seeded with.</summary>
        public long initial_seed() => unchecked((long)ts_generator_initial_seed(Handle));

        /// <summary>The generator's state as a uint8 tensor (restore it with <see cref="set_state"/>).</summary>
        public Tensor get_state() => new(Native.Check(ts_generator_get_state(Handle), "Generator.get_state"));

        /// <summary>Restores a state from <see cref="get_state"/>.</summary>
        public void set_state(Tensor value) => Native.Check(ts_generator_set_state(Handle, value.Handle), "Generator.set_state");

        public void Dispose()
        {
            if (handle != IntPtr.Zero) ts_generator_free(handle);
            handle = IntPtr.Zero;
            GC.SuppressFinalize(this);
        }

        ~Generator() { if (handle != IntPtr.Zero) ts_generator_free(handle); }
    }

    /// <summary>The global random state: <c>torch.random.manual_seed(42)</c>.</summary>
    public static class random
    {
        /// <summary>Seeds the global generator; returns it.</summary>
        public static Generator manual_seed(long seed) => Generator.Default.manual_seed(seed);
        /// <summary>Seeds the global generator non-deterministically; returns the seed.</summary>
        public static long seed() => Generator.Default.seed();
        /// <summary>The seed of the global generator.</summary>
        public static long initial_seed() => Generator.Default.initial_seed();
        /// <summary>The state of the global generator.</summary>
        public static Tensor get_rng_state() => Generator.Default.get_state();
        /// <summary>Restores the state of the global generator.</summary>
        public static void set_rng_state(Tensor new_state) => Generator.Default.set_state(new_state);
    }

    /// <summary>Seeds libtorch's global generator (and CUDA's, when present); returns the global CPU generator.</summary>
    public static Generator manual_seed(long seed)
    {
        Native.Check(Native.ts_manual_seed(unchecked((ulong)seed)), "manual_seed");
        return Generator.Default;
    }
    public static long seed() => random.seed();
    public static long initial_seed() => random.initial_seed();
    public static Tensor get_rng_state() => random.get_rng_state();
    public static void set_rng_state(Tensor new_state) => random.set_rng_state(new_state);
}
