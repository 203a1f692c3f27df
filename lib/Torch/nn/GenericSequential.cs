using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>
/// Base for a user-defined sequential container whose children need not all be <c>Module&lt;Tensor, Tensor&gt;</c>
/// (TorchSharp's <c>Sequential&lt;T, TResult&gt;</c>): the derived class writes <c>forward</c>, usually by walking
/// <see cref="named_modules"/>. As in TorchSharp, <c>modules()</c>/<c>named_modules()</c> of this container list its
/// descendants without the container itself (so such a <c>forward</c> does not call itself), and a repeated child name
/// is kept.
/// </summary>
public abstract class Sequential<T, TResult> : nn.Module<T, TResult>
{
    private readonly SequentialChildren _children;

    /// <summary>Named children, in order.</summary>
    protected Sequential(params (string name, nn.Module submodule)[] modules) : base(null)
    {
        _children = new SequentialChildren(this, AppendChild);
        foreach (var (name, m) in modules) Add(name, m);
    }

    /// <summary>Children named "0", "1", ….</summary>
    protected Sequential(params nn.Module[] modules) : base(null)
    {
        _children = new SequentialChildren(this, AppendChild);
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a named child (its type is not checked: <c>forward</c> decides what it accepts).</summary>
    public Sequential<T, TResult> append(string name, nn.Module module) { Add(name, module); return this; }

    /// <summary>Appends a child named by its position.</summary>
    public Sequential<T, TResult> append(nn.Module module) { Add(module); return this; }

    /// <summary>Appends a named child.</summary>
    protected internal void Add(string name, nn.Module module) => _children.Add(name, module);

    /// <summary>Appends a child named by its position.</summary>
    protected internal void Add(nn.Module module) => _children.Add(module);

    /// <summary>Number of children.</summary>
    public int Count => _children.Count;

    /// <summary>The child at <paramref name="index"/> (negative counts from the end).</summary>
    public nn.Module this[int index] => _children[index];

    /// <summary>The children from <c>start</c> up to, not including, <c>end</c>, made by <see cref="Slice"/>.</summary>
    public Sequential<T, TResult> this[(int? start, int? end) index] => Slice(index.start ?? 0, index.end ?? Count);

    /// <summary>The children in <paramref name="range"/>, made by <see cref="Slice"/>.</summary>
    public Sequential<T, TResult> this[Range range] => Slice(range.Start.GetOffset(Count), range.End.GetOffset(Count));

    /// <summary>
    /// Makes the container of children <paramref name="start"/> to <paramref name="end"/> (exclusive); a derived class
    /// that supports slicing overrides it (only it knows how to build one of its own type).
    /// </summary>
    protected virtual Sequential<T, TResult> Slice(int start, int end) =>
        throw new NotImplementedException($"{GetType().Name} cannot be sliced: override Sequential<T, TResult>.Slice to support it.");

    /// <summary>The children, then each child's descendants (with dotted names), without the container itself.</summary>
    public override IEnumerable<(string name, nn.Module module)> named_modules() => _children.NamedModules();
}

/// <summary>
/// Base for a user-defined sequential container of two-input modules (TorchSharp's <c>Sequential&lt;T1, T2, TResult&gt;</c>);
/// see <see cref="Sequential{T, TResult}"/>.
/// </summary>
public abstract class Sequential<T1, T2, TResult> : nn.Module<T1, T2, TResult>
{
    private readonly SequentialChildren _children;

    /// <summary>Named children, in order.</summary>
    protected Sequential(params (string name, nn.Module submodule)[] modules) : base(null)
    {
        _children = new SequentialChildren(this, AppendChild);
        foreach (var (name, m) in modules) Add(name, m);
    }

    /// <summary>Children named "0", "1", ….</summary>
    protected Sequential(params nn.Module[] modules) : base(null)
    {
        _children = new SequentialChildren(this, AppendChild);
        foreach (var m in modules) Add(m);
    }

    /// <summary>Appends a named child (its type is not checked: <c>forward</c> decides what it accepts).</summary>
    public Sequential<T1, T2, TResult> append(string name, nn.Module module) { Add(name, module); return this; }

    /// <summary>Appends a child named by its position.</summary>
    public Sequential<T1, T2, TResult> append(nn.Module module) { Add(module); return this; }

    /// <summary>Appends a named child.</summary>
    protected internal void Add(string name, nn.Module module) => _children.Add(name, module);

    /// <summary>Appends a child named by its position.</summary>
    protected internal void Add(nn.Module module) => _children.Add(module);

    /// <summary>Number of children.</summary>
    public int Count => _children.Count;

    /// <summary>The child at <paramref name="index"/> (negative counts from the end).</summary>
    public nn.Module this[int index] => _children[index];

    /// <summary>The children from <c>start</c> up to, not including, <c>end</c>, made by <see cref="Slice"/>.</summary>
    public Sequential<T1, T2, TResult> this[(int? start, int? end) index] => Slice(index.start ?? 0, index.end ?? Count);

    /// <summary>The children in <paramref name="range"/>, made by <see cref="Slice"/>.</summary>
    public Sequential<T1, T2, TResult> this[Range range] => Slice(range.Start.GetOffset(Count), range.End.GetOffset(Count));

    /// <summary>Makes the container of children <paramref name="start"/> to <paramref name="end"/> (exclusive); override to support slicing.</summary>
    protected virtual Sequential<T1, T2, TResult> Slice(int start, int end) =>
        throw new NotImplementedException($"{GetType().Name} cannot be sliced: override Sequential<T1, T2, TResult>.Slice to support it.");

    /// <summary>The children, then each child's descendants (with dotted names), without the container itself.</summary>
    public override IEnumerable<(string name, nn.Module module)> named_modules() => _children.NamedModules();
}

/// <summary>The ordered children of a generic Sequential (shared by its one- and two-input forms).</summary>
internal sealed class SequentialChildren
{
    private readonly nn.Module _owner;
    private readonly Action<string, nn.Module> _register;
    private readonly List<nn.Module> _items = new();

    public SequentialChildren(nn.Module owner, Action<string, nn.Module> register) { _owner = owner; _register = register; }

    public int Count => _items.Count;

    public void Add(nn.Module module) => Add(_items.Count.ToString(), module);

    public void Add(string name, nn.Module module)
    {
        _register(name, module);
        _items.Add(module);
    }

    public nn.Module this[int index]
    {
        get
        {
            int i = index < 0 ? index + _items.Count : index;
            if (i < 0 || i >= _items.Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"{_owner.GetName()} has {_items.Count} children, index {index} is out of range.");
            return _items[i];
        }
    }

    public IEnumerable<(string name, nn.Module module)> NamedModules()
    {
        var children = _owner.named_children().ToList();
        foreach (var c in children) yield return c;
        foreach (var (name, child) in children)
            foreach (var (n, m) in child.named_modules())
                if (!ReferenceEquals(m, child)) yield return ($"{name}.{n}", m);
    }
}
