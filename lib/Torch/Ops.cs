using static TorchSharp.torch;
using System.Collections.Concurrent;
using static TorchSharp.NativeOps;

namespace TorchSharp;

/// <summary>
/// Calls any ATen operator by its schema name through libtorch's dispatcher (boxed), e.g.
/// <c>Ops.Tensor("aten::xlogy.Tensor", a, b)</c>. The dispatcher runs the same kernels, autograd included, as a
/// direct call. Arguments: <see cref="torch.Tensor"/> (null = None), long/int, double/float, bool, long[]/int[],
/// double[], tensor lists, <see cref="ScalarType"/>, <see cref="Device"/>, <see cref="torch.Generator"/>, string,
/// and <see cref="Default"/> for "the schema's default"; trailing arguments left out take their defaults.
/// </summary>
internal static unsafe class Ops
{
    /// <summary>Stands for an argument's schema default.</summary>
    public static readonly object Default = new();

    static readonly ConcurrentDictionary<string, IntPtr> handles = new();
    [ThreadStatic] static IntPtr stack;

    static IntPtr Find(string op) => handles.GetOrAdd(op, name =>
    {
        int dot = name.IndexOf('.', name.IndexOf("::", StringComparison.Ordinal) + 2);
        var (n, overload) = dot < 0 ? (name, "") : (name[..dot], name[(dot + 1)..]);
        return Native.Check(ts_op_find(n, overload), "operator lookup");
    });

    /// <summary>Calls <paramref name="op"/> and returns its results (Tensor, long, double, bool, Tensor[] or null each).</summary>
    public static object?[] Call(string op, params object?[] args)
    {
        var h = Find(op);
        if (stack == IntPtr.Zero) stack = ts_ivs_new();
        var s = stack;
        ts_ivs_clear(s);
        foreach (var a in args) Push(s, a);
        int n = ts_op_call(h, s);
        if (n < 0) { ts_ivs_clear(s); throw Native.Error(Describe(op)); }
        var results = new object?[n];
        for (int i = 0; i < n; i++)
            results[i] = ts_result_kind(s, i) switch
            {
                0 => null,
                1 => new torch.Tensor(Native.Check(ts_result_tensor(s, i), Describe(op))),
                2 => ts_result_int(s, i),
                3 => ts_result_double(s, i),
                4 => ts_result_bool(s, i) != 0,
                5 => Enumerable.Range(0, ts_result_list_size(s, i)).Select(j => new torch.Tensor(Native.Check(ts_result_list_item(s, i, j)))).ToArray(),
                _ => throw new TorchException($"{Describe(op)} returned a value the binding cannot convert"),
            };
        ts_ivs_clear(s);
        return results;
    }

    /// <summary>Calls an operator that returns one tensor.</summary>
    public static torch.Tensor Tensor(string op, params object?[] args) =>
        Call(op, args) is [torch.Tensor t] ? t : throw new TorchException($"{Describe(op)} did not return one tensor");

    /// <summary>Calls an operator that returns several tensors (a tuple).</summary>
    public static torch.Tensor[] Tensors(string op, params object?[] args)
    {
        var r = Call(op, args);
        if (r is [torch.Tensor[] list]) return list;
        return r.Select(x => x as torch.Tensor ?? throw new TorchException($"{Describe(op)} did not return tensors")).ToArray();
    }

    /// <summary>Calls an in-place operator and returns <paramref name="self"/> (the result handle is the same tensor).</summary>
    public static torch.Tensor InPlace(torch.Tensor self, string op, params object?[] args)
    {
        foreach (var r in Call(op, [self, .. args])) (r as torch.Tensor)?.Dispose();
        return self;
    }

    static string Describe(string op) => op.StartsWith("aten::", StringComparison.Ordinal) ? op[6..] : op;

    static void Push(IntPtr s, object? a)
    {
        switch (a)
        {
            case null: ts_push_none(s); break;
            case torch.Tensor t: ts_push_tensor(s, t.Handle); break;
            case bool b: ts_push_bool(s, b ? 1 : 0); break;
            case long l: ts_push_int(s, l); break;
            case int i: ts_push_int(s, i); break;
            case double d: ts_push_double(s, d); break;
            case float f: ts_push_double(s, f); break;
            case ScalarType st: ts_push_int(s, (long)st); break;
            case Device dev: ts_push_device(s, (int)dev.type, dev.type == DeviceType.CPU ? -1 : Math.Max(dev.index, 0)); break;
            case torch.Generator g: ts_push_generator(s, g.Handle); break;
            case string str: ts_push_string(s, str); break;
            case long[] ls: fixed (long* p = ls) ts_push_ints(s, p, ls.Length); break;
            case int[] isx: { var ls2 = Array.ConvertAll(isx, x => (long)x); fixed (long* p = ls2) ts_push_ints(s, p, ls2.Length); break; }
            case double[] ds: fixed (double* p = ds) ts_push_doubles(s, p, ds.Length); break;
            case OptionalTensors ot:
                {
                    var hs = ot.Items.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
                    fixed (IntPtr* p = hs) ts_push_optional_tensors(s, p, hs.Length);
                    break;
                }
            case IEnumerable<torch.Tensor> ts:
                {
                    var hs = ts.Select(t => t.Handle).ToArray();
                    fixed (IntPtr* p = hs) ts_push_tensors(s, p, hs.Length);
                    break;
                }
            case var x when ReferenceEquals(x, Default): ts_push_default(s); break;
            default: throw new ArgumentException($"the binding cannot pass a {a.GetType().Name} to libtorch");
        }
    }

    /// <summary>A list of optional tensors (ATen's <c>Tensor?[]</c>, e.g. advanced indexing).</summary>
    public sealed record OptionalTensors(IReadOnlyList<torch.Tensor?> Items);
}
