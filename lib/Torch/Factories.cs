using static TorchSharp.Native;

namespace TorchSharp;

// Creation functions with TorchSharp's overloads: sizes as numbers (one to four), arrays or Size, then the named
// options dtype, device, requires_grad (and generator for the random ones).
public static partial class torch
{
    static Tensor Make(FactoryKind kind, long[] size, ScalarType? dtype, Device? device, bool requires_grad, Generator? generator = null, double value = 0)
    {
        if (generator is null) return Factory(kind, size, dtype, device, requires_grad, value);
        var dev = device ?? DefaultDevice;
        CheckDevice(dev);
        var type = dtype ?? DefaultDType;
        if (!IsFloating(type)) throw new ArgumentException($"{(kind == FactoryKind.Rand ? "rand" : "randn")} needs a floating-point dtype, got {type}", nameof(dtype));
        var t = Ops.Tensor(kind == FactoryKind.Rand ? "aten::rand.generator" : "aten::randn.generator", size, generator, type, Ops.Default, dev, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    public static Tensor empty(params long[] size) => Make(FactoryKind.Empty, size, null, null, false);
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, size, dtype, device, requires_grad);
    public static Tensor empty(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, size.ToArray(), dtype, device, requires_grad);
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [size], dtype, device, requires_grad);
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [rows, columns], dtype, device, requires_grad);
    public static Tensor empty(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor empty(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor empty(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [size], dtype, device, requires_grad);
    public static Tensor empty(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [rows, columns], dtype, device, requires_grad);
    public static Tensor empty(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor empty(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Empty, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);

    public static Tensor zeros(params long[] size) => Make(FactoryKind.Zeros, size, null, null, false);
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, size, dtype, device, requires_grad);
    public static Tensor zeros(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, size.ToArray(), dtype, device, requires_grad);
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [size], dtype, device, requires_grad);
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [rows, columns], dtype, device, requires_grad);
    public static Tensor zeros(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor zeros(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor zeros(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [size], dtype, device, requires_grad);
    public static Tensor zeros(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [rows, columns], dtype, device, requires_grad);
    public static Tensor zeros(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor zeros(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Zeros, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);

    public static Tensor ones(params long[] size) => Make(FactoryKind.Ones, size, null, null, false);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, size, dtype, device, requires_grad);
    public static Tensor ones(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, size.ToArray(), dtype, device, requires_grad);
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [size], dtype, device, requires_grad);
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [rows, columns], dtype, device, requires_grad);
    public static Tensor ones(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor ones(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor ones(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [size], dtype, device, requires_grad);
    public static Tensor ones(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [rows, columns], dtype, device, requires_grad);
    public static Tensor ones(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [dim0, dim1, dim2], dtype, device, requires_grad);
    public static Tensor ones(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, [dim0, dim1, dim2, dim3], dtype, device, requires_grad);
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Ones, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);

    public static Tensor rand(params long[] size) => Make(FactoryKind.Rand, size, null, null, false);
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, size, dtype, device, requires_grad, generator);
    public static Tensor rand(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, size.ToArray(), dtype, device, requires_grad, generator);
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [size], dtype, device, requires_grad, generator);
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [rows, columns], dtype, device, requires_grad, generator);
    public static Tensor rand(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [dim0, dim1, dim2], dtype, device, requires_grad, generator);
    public static Tensor rand(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    public static Tensor rand(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [size], dtype, device, requires_grad, generator);
    public static Tensor rand(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [rows, columns], dtype, device, requires_grad, generator);
    public static Tensor rand(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [dim0, dim1, dim2], dtype, device, requires_grad, generator);
    public static Tensor rand(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Rand, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Rand, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);

    public static Tensor randn(params long[] size) => Make(FactoryKind.Randn, size, null, null, false);
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, size, dtype, device, requires_grad, generator);
    public static Tensor randn(ReadOnlySpan<long> size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, size.ToArray(), dtype, device, requires_grad, generator);
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [size], dtype, device, requires_grad, generator);
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [rows, columns], dtype, device, requires_grad, generator);
    public static Tensor randn(long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [dim0, dim1, dim2], dtype, device, requires_grad, generator);
    public static Tensor randn(long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    public static Tensor randn(int size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [size], dtype, device, requires_grad, generator);
    public static Tensor randn(int rows, int columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [rows, columns], dtype, device, requires_grad, generator);
    public static Tensor randn(int dim0, int dim1, int dim2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [dim0, dim1, dim2], dtype, device, requires_grad, generator);
    public static Tensor randn(int dim0, int dim1, int dim2, int dim3, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) => Make(FactoryKind.Randn, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, generator);
    public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Make(FactoryKind.Randn, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);

    static Tensor Full(long[] size, Scalar value, ScalarType? dtype, Device? device, bool requires_grad) => Factory(FactoryKind.Full, size, dtype, device, requires_grad, value.Value);
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full(size, value, dtype, device, requires_grad);
    public static Tensor full(long size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([size], value, dtype, device, requires_grad);
    public static Tensor full(long rows, long columns, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([rows, columns], value, dtype, device, requires_grad);
    public static Tensor full(long dim0, long dim1, long dim2, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([dim0, dim1, dim2], value, dtype, device, requires_grad);
    public static Tensor full(long dim0, long dim1, long dim2, long dim3, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([dim0, dim1, dim2, dim3], value, dtype, device, requires_grad);
    public static Tensor full(int size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([size], value, dtype, device, requires_grad);
    public static Tensor full(int rows, int columns, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([rows, columns], value, dtype, device, requires_grad);
    public static Tensor full(int dim0, int dim1, int dim2, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([dim0, dim1, dim2], value, dtype, device, requires_grad);
    public static Tensor full(int dim0, int dim1, int dim2, int dim3, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full([dim0, dim1, dim2, dim3], value, dtype, device, requires_grad);
    public static Tensor full_like(Tensor input, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Full(input.shape, value, dtype ?? input.dtype, device ?? input.device, requires_grad);
}
