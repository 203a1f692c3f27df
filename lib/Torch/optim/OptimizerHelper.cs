using System.Reflection;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.optim;

namespace TorchSharp.Modules;

/// <summary>
/// Base of optimizers implemented in C# on tensor ops (all of this binding's, as in TorchSharp): defaults for the
/// options a group leaves unset, and the step loop over groups under no_grad in a dispose scope.
/// </summary>
public abstract class OptimizerHelper : Optimizer
{
    /// <summary>The options given to the constructor, used for what a parameter group leaves unset.</summary>
    protected OptimizerOptions _defaults = null!;

    /// <summary>
    /// Runs <paramref name="body"/> for each parameter group under no_grad in a dispose scope, after calling
    /// <paramref name="loss_closure"/> (with grad enabled) when there is one; returns its loss.
    /// </summary>
    protected Tensor? _step<T>(Action<T> body, Func<Tensor>? loss_closure = null) where T : ParamGroup
    {
        Tensor? loss = null;
        if (loss_closure is not null)
            using (enable_grad()) loss = loss_closure();
        using (no_grad())
        using (NewDisposeScope())
            foreach (var group in _parameter_groups) body((T)group);
        return loss;
    }

    /// <summary>Calls <paramref name="update"/> for each parameter that has a gradient, with its group's options and its state.</summary>
    private protected Tensor? StepParameters<TOptions, TState>(Func<Tensor>? closure, Action<Parameter, Tensor, TOptions, TState> update)
        where TOptions : OptimizerOptions where TState : OptimizerState =>
        _step<ParamGroup>(group =>
        {
            var options = (TOptions)group.Options;
            foreach (var p in group.Parameters)
                if (p.grad is { } grad) update(p, grad, options, (TState)_state[p]);
        }, closure);

    /// <summary>
    /// Adds a group: checks its parameters (none twice), completes its options from <see cref="_defaults"/>, sets its
    /// initial learning rate and creates each parameter's state.
    /// </summary>
    private protected void AddParamGroup<TOptions>(ParamGroup group, Func<Parameter, OptimizerState> newState) where TOptions : OptimizerOptions, new()
    {
        ArgumentNullException.ThrowIfNull(group, "param_group");
        string name = GetType().Name;
        var parameters = (group.Parameters ?? throw new ArgumentException($"{name}: the parameter group has no Parameters", "param_group")).ToList();
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var p in parameters)
        {
            if (p is null) throw new ArgumentException($"{name}: the parameter group contains null", "param_group");
            if (_state.ContainsKey(p) || !seen.Add(p)) throw new ArgumentException($"{name}: some parameters appear in more than one parameter group", "param_group");
        }
        group.Options ??= new TOptions();
        if (group.Options is not TOptions options)
            throw new ArgumentException($"{name} takes options of type {typeof(TOptions).FullName}, got {group.Options.GetType().FullName}", "param_group");
        options.FillFrom(_defaults);
        double lr = options.LearningRate!.Value;
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException("lr", lr, $"Invalid learning rate: {lr}");
        options.InitialLearningRate = lr;
        group.Parameters = parameters;
        _parameter_groups.Add(group);
        foreach (var p in parameters)
        {
            var state = newState(p);
            state.Initialize(options);
            _state[p] = state;
        }
    }

    /// <summary>Adds the constructor's groups; an optimizer needs at least one parameter.</summary>
    private protected void AddParamGroups(IEnumerable<ParamGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups, "parameters");
        foreach (var g in groups) add_param_group(g);
        if (_state.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", "parameters");
    }

    /// <summary>One group holding <paramref name="parameters"/> with the defaults (constructors' single-group form).</summary>
    private protected static TGroup[] OneGroup<TGroup>(IEnumerable<Parameter> parameters) where TGroup : ParamGroup, new() =>
        new[] { new TGroup { Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters)) } };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="name"/> unless <paramref name="ok"/>.</summary>
    private protected static void Check(bool ok, string name, double value, string what)
    {
        if (!ok) throw new ArgumentOutOfRangeException(name, value, $"Invalid {what}: {value}");
    }
}

/// <summary>
/// The hyperparameters of a parameter group. Optimizers derive their <c>Options</c> with public nullable fields
/// (null: take the optimizer's default); a group's options are complete once it is added.
/// </summary>
public class OptimizerOptions
{
    /// <summary>The current learning rate (null: the optimizer's default).</summary>
    public double? LearningRate { get; set; }

    /// <summary>The learning rate the group started with.</summary>
    public double InitialLearningRate { get; set; }

    /// <summary>Writes the options (TorchSharp's binary format).</summary>
    public virtual void SaveStateDict(BinaryWriter writer)
    {
        writer.Write(InitialLearningRate);
        writer.Write(LearningRate!.Value);
    }

    /// <summary>Reads the options (TorchSharp's binary format).</summary>
    public virtual void LoadStateDict(BinaryReader reader)
    {
        InitialLearningRate = reader.ReadDouble();
        LearningRate = reader.ReadDouble();
    }

    /// <summary>Copies all options from <paramref name="source"/>, which must be of the same type.</summary>
    public virtual void LoadStateDict(OptimizerOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.GetType() != GetType()) throw new ArgumentException($"cannot load {source.GetType().FullName} into {GetType().FullName}", nameof(source));
        InitialLearningRate = source.InitialLearningRate;
        LearningRate = source.LearningRate;
        foreach (var f in Fields) f.SetValue(this, f.GetValue(source));
    }

    /// <summary>Sets every unset (null) option from <paramref name="defaults"/>.</summary>
    internal void FillFrom(OptimizerOptions defaults)
    {
        LearningRate ??= defaults.LearningRate;
        foreach (var f in Fields)
            if (f.GetValue(this) is null) f.SetValue(this, f.GetValue(defaults));
    }

    // The options proper: the public fields a derived Options declares (beta1, momentum, ...).
    private FieldInfo[] Fields => GetType().GetFields(BindingFlags.Public | BindingFlags.Instance);
}

/// <summary>
/// The state an optimizer keeps for one parameter: public fields, tensors (shaped like the parameter, on its device)
/// and numbers (step counts). Copying, comparing, moving and disposing go over those fields; each optimizer's State
/// creates them (<see cref="Initialize"/>) and reads and writes them in TorchSharp's binary format.
/// </summary>
public abstract class OptimizerState : IDisposable
{
    /// <summary>The parameter this state belongs to.</summary>
    protected Parameter _parameter;

    /// <summary>Creates the state of <paramref name="parameter"/>.</summary>
    protected OptimizerState(Parameter parameter) => _parameter = parameter ?? throw new ArgumentNullException(nameof(parameter));

    /// <summary>Writes the state (TorchSharp's binary format).</summary>
    public abstract void SaveStateDict(BinaryWriter writer);

    /// <summary>Reads the state (TorchSharp's binary format); tensors go to the parameter's device and dtype.</summary>
    public abstract void LoadStateDict(BinaryReader reader);

    /// <summary>(Re)creates the initial state for a group with <paramref name="options"/>.</summary>
    public abstract void Initialize(OptimizerOptions options);

    /// <summary>Copies the state of <paramref name="source"/> (same type); tensors are copied to the parameter's device.</summary>
    public virtual void LoadStateDict(OptimizerState source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.GetType() != GetType()) throw new ArgumentException($"cannot load {source.GetType().FullName} into {GetType().FullName}", nameof(source));
        foreach (var f in Fields)
        {
            if (f.FieldType != typeof(Tensor)) { f.SetValue(this, f.GetValue(source)); continue; }
            var t = (Tensor?)f.GetValue(source);
            ((Tensor?)f.GetValue(this))?.Dispose();
            f.SetValue(this, t is null ? null : AsStateTensor(t, f.Name, copy: true));
        }
    }

    /// <summary>True when <paramref name="other"/> has the same type, equal numbers and close tensors (allclose; null only with null).</summary>
    public virtual bool ApproximatelyEquals(OptimizerState other)
    {
        if (other is null || other.GetType() != GetType()) return false;
        foreach (var f in Fields)
        {
            object? a = f.GetValue(this), b = f.GetValue(other);
            if (a is Tensor ta)
            {
                if (b is not Tensor tb || !ta.shape.SequenceEqual(tb.shape)) return false;
                using var tbHere = tb.to(ta.dtype, ta.device);
                if (!ta.allclose(tbHere)) return false;
            }
            else if (!Equals(a, b)) return false;
        }
        return true;
    }

    /// <summary>Moves the state tensors to <paramref name="device"/>.</summary>
    public virtual void to(Device device)
    {
        foreach (var f in Fields)
        {
            if (f.FieldType != typeof(Tensor) || f.GetValue(this) is not Tensor t) continue;
            var moved = t.to(device).DetachFromDisposeScope();
            if (ReferenceEquals(moved, t)) continue;
            t.Dispose();
            f.SetValue(this, moved);
        }
    }

    /// <summary>Releases the state tensors.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state tensors (the .NET dispose pattern).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var f in Fields)
            if (f.FieldType == typeof(Tensor) && f.GetValue(this) is Tensor t) { t.Dispose(); f.SetValue(this, null); }
    }

    /// <summary>A new state tensor shaped like the parameter, filled with <paramref name="value"/>, owned by this state.</summary>
    protected internal Tensor NewStateTensor(double value = 0) => full_like(_parameter, value).DetachFromDisposeScope();

    /// <summary>Writes a state tensor.</summary>
    protected static void WriteTensor(BinaryWriter writer, Tensor t) => StateTensorIO.Write(writer, t);

    /// <summary>Writes a flag and, when there is one, the tensor.</summary>
    protected static void WriteOptionalTensor(BinaryWriter writer, Tensor? t)
    {
        writer.Write(t is not null);
        if (t is not null) StateTensorIO.Write(writer, t);
    }

    /// <summary>Reads a state tensor named <paramref name="name"/> in place of <paramref name="current"/> (disposed).</summary>
    /// <exception cref="ArgumentException">The tensor's shape differs from the parameter's.</exception>
    protected Tensor ReadTensor(BinaryReader reader, Tensor? current, string name)
    {
        using var t = StateTensorIO.Read(reader);
        var result = AsStateTensor(t, name, copy: false);
        current?.Dispose();
        return result;
    }

    /// <summary>Reads an optional state tensor (a flag, then the tensor when set) in place of <paramref name="current"/>.</summary>
    protected Tensor? ReadOptionalTensor(BinaryReader reader, Tensor? current, string name)
    {
        if (reader.ReadBoolean()) return ReadTensor(reader, current, name);
        current?.Dispose();
        return null;
    }

    /// <summary><paramref name="t"/> as a state tensor of this parameter: its shape checked, on its device with its dtype, detached from dispose scopes.</summary>
    private Tensor AsStateTensor(Tensor t, string name, bool copy)
    {
        if (!t.shape.SequenceEqual(_parameter.shape))
            throw new ArgumentException($"{GetType().DeclaringType?.Name} state '{name}' has shape [{string.Join(", ", t.shape)}], its parameter has [{string.Join(", ", _parameter.shape)}]");
        using var _ = no_grad();
        return t.to(_parameter.dtype, _parameter.device, copy: copy).DetachFromDisposeScope();
    }

    // The state proper: the public fields a derived State declares (tensors and numbers).
    private FieldInfo[] Fields => GetType().GetFields(BindingFlags.Public | BindingFlags.Instance);
}

/// <summary>A set of parameters optimised with the same options (TorchSharp's ParamGroup).</summary>
public class ParamGroup : ILearningRateController
{
    /// <summary>The parameters (materialised into a list when the group is added).</summary>
    public IEnumerable<Parameter> Parameters { get; set; } = Array.Empty<Parameter>();

    /// <summary>The options; null until set or until the group is added (then the optimizer's defaults fill it).</summary>
    public OptimizerOptions Options { get; set; } = null!;

    /// <summary>The group's current learning rate.</summary>
    public double LearningRate
    {
        get => OptionsOrThrow.LearningRate ?? throw new InvalidOperationException("the parameter group has no learning rate yet: add it to an optimizer first");
        set => OptionsOrThrow.LearningRate = value;
    }

    /// <summary>The group's learning rate when it was added (schedulers' base rate).</summary>
    public double InitialLearningRate
    {
        get => OptionsOrThrow.InitialLearningRate;
        set => OptionsOrThrow.InitialLearningRate = value;
    }

    private OptimizerOptions OptionsOrThrow => Options ?? throw new InvalidOperationException("the parameter group has no options yet: add it to an optimizer first");
}

/// <summary>A parameter group with options of type <typeparamref name="TOptions"/>.</summary>
public class ParamGroup<TOptions> : ParamGroup where TOptions : OptimizerOptions
{
    /// <summary>An empty group (set <see cref="ParamGroup.Parameters"/> and, optionally, <see cref="Options"/>).</summary>
    public ParamGroup() { }

    /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/> (null: all defaults).</summary>
    public ParamGroup(IEnumerable<Parameter> parameters, TOptions? options = null)
    {
        Parameters = parameters;
        base.Options = options!;
    }

    /// <summary>The options of this group.</summary>
    public new TOptions Options { get => (TOptions)base.Options; set => base.Options = value; }
}
