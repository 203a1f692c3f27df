using System.Collections;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>Runs its children in order; children are named "0", "1", … unless names are given.</summary>
public class Sequential : nn.Module<Tensor, Tensor>, IEnumerable<nn.Module<Tensor, Tensor>>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = new();

    /// <summary>Positional children named "0", "1", ….</summary>
    public Sequential(params nn.Module<Tensor, Tensor>[] modules) : base(nameof(Sequential))
    {
        foreach (var m in modules) append(m);
    }

    /// <summary>Named children (names must not contain '.'; a repeated name is kept, as in TorchSharp, but such a model has no <c>state_dict</c>).</summary>
    public Sequential(params (string name, nn.Module<Tensor, Tensor> module)[] modules) : base(nameof(Sequential))
    {
        foreach (var (name, m) in modules) append(name, m);
    }

    /// <summary>Appends a child named by its position.</summary>
    public Sequential append(nn.Module<Tensor, Tensor> module) => append(_layers.Count.ToString(), module);

    /// <summary>Appends a named child.</summary>
    public Sequential append(string name, nn.Module<Tensor, Tensor> module)
    {
        AppendChild(name, module);
        _layers.Add(module);
        return this;
    }

    /// <summary>Number of children.</summary>
    public int Count => _layers.Count;

    /// <summary>The child at <paramref name="index"/> (negative counts from the end).</summary>
    public nn.Module<Tensor, Tensor> this[int index]
    {
        get
        {
            int i = index < 0 ? index + _layers.Count : index;
            if (i < 0 || i >= _layers.Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Sequential has {_layers.Count} children, index {index} is out of range.");
            return _layers[i];
        }
    }

    /// <summary>A new Sequential of the children in <paramref name="range"/> (the same module objects, names kept).</summary>
    public Sequential this[Range range]
    {
        get
        {
            int start = range.Start.GetOffset(_layers.Count), end = range.End.GetOffset(_layers.Count);
            return Slice(start, end);
        }
    }

    /// <summary>
    /// A new Sequential of the children from <c>start</c> (default 0) up to, not including, <c>end</c> (default: all),
    /// as TorchSharp's <c>seq[(1, 3)]</c>; the same module objects, names kept.
    /// </summary>
    public Sequential this[(int? start, int? end) index] => Slice(index.start ?? 0, index.end ?? _layers.Count);

    private Sequential Slice(int start, int end)
    {
        if (start < 0 || start > _layers.Count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Sequential has {_layers.Count} children, slice start {start} is out of range.");
        if (end < 0 || end > _layers.Count)
            throw new ArgumentOutOfRangeException(nameof(end), end, $"Sequential has {_layers.Count} children, slice end {end} is out of range.");
        var names = named_children().ToList();
        return new Sequential(names.Skip(start).Take(end - start).Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)).ToArray());
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        // Intermediate results are left to the caller's dispose scope (forward hooks may keep them).
        Tensor x = input;
        foreach (var layer in _layers) x = layer.call(x);
        return x;
    }

    /// <inheritdoc/>
    public IEnumerator<nn.Module<Tensor, Tensor>> GetEnumerator() => _layers.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
