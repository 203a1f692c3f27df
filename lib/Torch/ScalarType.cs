namespace TorchSharp;

/// <summary>Device kinds, numbered as c10::DeviceType.</summary>
public enum DeviceType { CPU = 0, CUDA = 1, MKLDNN = 2, OPENGL = 3, OPENCL = 4, IDEEP = 5, HIP = 6, FPGA = 7, MSNPU = 8, XLA = 9, MPS = 13, META = 14 }

public static partial class torch
{
    /// <summary>Element types, numbered as c10::ScalarType.</summary>
    public enum ScalarType : sbyte
    {
        Byte = 0, Int8 = 1, Int16 = 2, Int32 = 3, Int64 = 4, Float16 = 5, Float32 = 6, Float64 = 7,
        ComplexFloat32 = 9, ComplexFloat64 = 10, Bool = 11, BFloat16 = 15,
    }

    /// <summary>Where a tensor lives: the CPU or one CUDA device (<c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:1"</c>).</summary>
    public sealed record Device(DeviceType type, int index = -1)
    {
        /// <summary>Parses <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>.</summary>
        public Device(string description) : this(Parse(description).type, Parse(description).index) { }

        /// <summary>A device of the named type (<c>"cpu"</c>, <c>"cuda"</c>) with an index.</summary>
        public Device(string deviceType, int index) : this(Parse(deviceType).type, index) { }

        /// <summary>The CUDA device <paramref name="index"/>.</summary>
        public Device(int index) : this(DeviceType.CUDA, index) { }

        public static Device Parse(string description)
        {
            var s = description.Trim().ToLowerInvariant();
            if (s == "cpu") return new Device(DeviceType.CPU);
            if (s == "cuda") return new Device(DeviceType.CUDA, 0);
            if (s == "mps") return new Device(DeviceType.MPS, 0);
            if (s.StartsWith("cuda:") && int.TryParse(s[5..], out var i) && i >= 0) return new Device(DeviceType.CUDA, i);
            throw new ArgumentException($"unknown device '{description}': expected 'cpu', 'cuda' or 'cuda:N'");
        }

        public override string ToString() => type == DeviceType.CPU ? "cpu" : $"{type.ToString().ToLowerInvariant()}:{Math.Max(index, 0)}";
        public static implicit operator Device(string description) => Parse(description);
    }
}
