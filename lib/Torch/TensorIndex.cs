namespace TorchSharp;

/// <summary>One entry of a tensor index: a position, a slice, an ellipsis, a new axis, or a tensor of indices / a mask.</summary>
public sealed class TensorIndex
{
    public enum Kind { Single, Slice, Ellipsis, None, Tensor }
    public Kind kind { get; private init; }
    public long index { get; private init; }
    public long? start { get; private init; }
    public long? stop { get; private init; }
    public long step { get; private init; } = 1;
    public torch.Tensor? tensor { get; private init; }

    public static TensorIndex Single(long i) => new() { kind = Kind.Single, index = i };
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) => new() { kind = Kind.Slice, start = start, stop = stop, step = step };
    public static TensorIndex Colon => Slice();
    public static readonly TensorIndex Ellipsis = new() { kind = Kind.Ellipsis };
    public static readonly TensorIndex None = new() { kind = Kind.None };
    /// <summary>TorchSharp's name for a new axis, the same as <see cref="None"/>.</summary>
    public static readonly TensorIndex Null = None;
    public static TensorIndex Tensor(torch.Tensor t) => new() { kind = Kind.Tensor, tensor = t };

    public static implicit operator TensorIndex(long i) => Single(i);
    public static implicit operator TensorIndex(int i) => Single(i);
    public static implicit operator TensorIndex(torch.Tensor t) => Tensor(t);
    /// <summary>Not a real conversion: it exists, as in TorchSharp, so that C# prefers TensorIndex overloads for numbers; it always throws.</summary>
    public static implicit operator torch.Tensor(TensorIndex index) => throw new InvalidOperationException("a TensorIndex cannot be converted to a Tensor: index with it instead (t[index])");
    public static implicit operator TensorIndex(Index i) => Single(i.IsFromEnd ? -i.Value : i.Value);
    public static implicit operator TensorIndex(Range r) => Slice(
        r.Start.IsFromEnd ? -r.Start.Value : r.Start.Value,
        r.End.IsFromEnd ? (r.End.Value == 0 ? null : -r.End.Value) : r.End.Value);
}

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>NumPy-style indexing: <c>t[0]</c>, <c>t[.., 1]</c>, <c>t[0..5]</c>, <c>t[mask]</c>. Returns a view where libtorch can.</summary>
        public Tensor this[params TensorIndex[] indices]
        {
            get => Index(indices);
            set { using var view = Index(indices); view.copy_(value); }
        }

        /// <summary>Fills the indexed elements with a scalar.</summary>
        public void SetItem(double value, params TensorIndex[] indices) { using var view = Index(indices); view.fill_(value); }

        /// <summary>The indexed part of the tensor (as the indexer's getter).</summary>
        public Tensor index(params TensorIndex[] indices) => Index(indices);

        /// <summary>Writes <paramref name="value"/> (broadcast) into the indexed part; returns this tensor.</summary>
        public Tensor index_put_(Tensor value, params TensorIndex[] indices) { using var view = Index(indices); view.copy_(value); return this; }

        /// <summary>Fills the indexed part with <paramref name="value"/>; returns this tensor.</summary>
        public Tensor index_put_(Scalar value, params TensorIndex[] indices) { using var view = Index(indices); view.fill_(value.Value); return this; }

        Tensor Index(TensorIndex[] indices)
        {
            var ndim = (int)dim();
            int consumed = indices.Count(i => i.kind is TensorIndex.Kind.Single or TensorIndex.Kind.Slice or TensorIndex.Kind.Tensor);
            if (consumed > ndim) throw new TorchException($"too many indices for tensor of dimension {ndim}: {consumed} given for shape {Shape(this)}");
            Tensor cur = alias();
            long d = 0;
            foreach (var ix in indices)
            {
                Tensor next;
                switch (ix.kind)
                {
                    case TensorIndex.Kind.Single:
                        var n = cur.size((int)d);
                        if (ix.index >= n || ix.index < -n)
                            throw new TorchException($"index {ix.index} is out of bounds for dimension {d} with size {n} (shape {Shape(this)})");
                        next = cur.select(d, ix.index);
                        break;
                    case TensorIndex.Kind.Slice:
                        next = cur.slice(d, ix.start ?? 0, ix.stop ?? long.MaxValue, ix.step);
                        d++;
                        break;
                    case TensorIndex.Kind.Ellipsis:
                        d += ndim - consumed;
                        continue;
                    case TensorIndex.Kind.None:
                        next = cur.unsqueeze(d);
                        d++;
                        break;
                    default:
                        var t = ix.tensor!;
                        if (d == 0) next = cur.index(t);
                        else if (t.dtype == ScalarType.Bool) throw new TorchException("a boolean mask index is supported on the first dimension only");
                        else next = cur.index_select(d, t);
                        d += t.dtype == ScalarType.Bool ? t.dim() : 1;
                        break;
                }
                cur.Dispose();
                cur = next;
            }
            return cur;
        }
    }
}
