namespace TorchSharp;

/// <summary>Element types, numbered as c10::ScalarType.</summary>
public enum ScalarType : sbyte
{
    Byte = 0, Int8 = 1, Int16 = 2, Int32 = 3, Int64 = 4, Float16 = 5, Float32 = 6, Float64 = 7, Bool = 11, BFloat16 = 15,
}

/// <summary>Device kinds, numbered as c10::DeviceType.</summary>
public enum DeviceType { CPU = 0, CUDA = 1 }

/// <summary>Where a tensor lives: the CPU or one CUDA device.</summary>
public sealed record Device(DeviceType type, int index = -1)
{
    public static Device Parse(string description)
    {
        var s = description.Trim().ToLowerInvariant();
        if (s == "cpu") return new Device(DeviceType.CPU);
        if (s == "cuda") return new Device(DeviceType.CUDA, 0);
        if (s.StartsWith("cuda:") && int.TryParse(s[5..], out var i) && i >= 0) return new Device(DeviceType.CUDA, i);
        throw new ArgumentException($"unknown device '{description}': expected 'cpu', 'cuda' or 'cuda:N'");
    }

    public override string ToString() => type == DeviceType.CPU ? "cpu" : $"cuda:{Math.Max(index, 0)}";
    public static implicit operator Device(string description) => Parse(description);
}
