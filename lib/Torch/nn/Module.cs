using static TorchSharp.torch;
using System.Reflection;
using TorchSharp.Modules;
using Course.Polyglot;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Base class of all modules: owns named parameters, buffers and child modules (in registration order),
        /// the training flag, forward hooks, and the state dictionary used by save/load.
        /// </summary>
        [TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/plain"])]
        public abstract partial class Module : IDisposable
        {
            private readonly List<(string Name, Modules.Parameter? Value)> _parameters = new();
            private readonly List<(string Name, Tensor? Value, bool Persistent)> _buffers = new();
            private readonly List<(string Name, Module Value)> _modules = new();
            private readonly List<Action<Module, Tensor, Tensor>> _forwardHooks = new();
            [ThreadStatic] private static List<Action<Module, Tensor, Tensor>>? _globalHooks;
            private bool _disposed;

            /// <summary>Creates a module; <paramref name="name"/> is returned by <see cref="GetName"/> (default: the type name).</summary>
            protected Module(string? name = null) { Name = name ?? GetType().Name; }

            /// <summary>Display name of the module (its type name unless given).</summary>
            public string Name { get; }

            /// <summary>The module's name (its type name unless one was given to the constructor).</summary>
            public string GetName() => Name;

            /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
            public bool training { get; private set; } = true;

            // ---------------- registration ----------------

            /// <summary>Registers (or replaces) a parameter under <paramref name="name"/>; null registers an absent parameter (e.g. no bias).</summary>
            public virtual void register_parameter(string name, Modules.Parameter? param)
            {
                CheckName(name);
                if (param?.OwningDisposeScope is { } scope) scope.Forget(param);   // a module owns its parameters, also when built in a dispose scope
                int i = _parameters.FindIndex(p => p.Name == name);
                if (i >= 0) _parameters[i] = (name, param); else _parameters.Add((name, param));
            }

            /// <summary>Forgets this module's own parameter registrations (containers re-register their items after a change).</summary>
            private protected void ClearParameterRegistrations() => _parameters.Clear();

            /// <summary>Registers (or replaces) a non-trainable state tensor (e.g. running statistics).</summary>
            public virtual void register_buffer(string name, Tensor? tensor, bool persistent = true)
            {
                CheckName(name);
                tensor?.DetachFromDisposeScope();
                int i = _buffers.FindIndex(b => b.Name == name);
                if (i >= 0) _buffers[i] = (name, tensor, persistent); else _buffers.Add((name, tensor, persistent));
            }

            /// <summary>Registers (or replaces) a child module under <paramref name="name"/>.</summary>
            public virtual void register_module(string name, Module module)
            {
                CheckChild(name, module);
                int i = _modules.FindIndex(m => m.Name == name);
                if (i >= 0) _modules[i] = (name, module); else _modules.Add((name, module));
            }

            /// <summary>Appends a child even when its name is taken (TorchSharp's Sequential keeps duplicate names; <see cref="state_dict"/> then refuses).</summary>
            private protected void AppendChild(string name, Module module)
            {
                CheckChild(name, module);
                _modules.Add((name, module));
            }

            /// <summary>Forgets this module's child registrations (containers re-register their items after a change).</summary>
            private protected void ClearChildRegistrations() => _modules.Clear();

            private void CheckChild(string name, Module module)
            {
                CheckName(name);
                ArgumentNullException.ThrowIfNull(module, nameof(module));
                if (ReferenceEquals(module, this)) throw new ArgumentException($"Module '{name}' cannot be registered as its own child.", nameof(module));
            }

            private static void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name)) throw new ArgumentException("A component name must not be empty.", nameof(name));
                if (name.Contains('.')) throw new ArgumentException($"A component name must not contain '.': '{name}'.", nameof(name));
            }

            /// <summary>
            /// Registers the fields of the concrete module type, by field name (or its <see cref="Utils.ComponentNameAttribute"/>): fields of type <see cref="Module"/> as
            /// children, <see cref="Parameter"/> as parameters and other <see cref="Tensor"/> fields as buffers.
            /// Null fields and already registered names are skipped. Call it at the end of a constructor.
            /// </summary>
            public virtual void RegisterComponents()
            {
                foreach (var (name, field) in ComponentFields(GetType()))
                {
                    var value = field.GetValue(this);
                    if (value is null) continue;
                    switch (value)
                    {
                        case Module m when !_modules.Exists(x => x.Name == name): register_module(name, m); break;
                        case Modules.Parameter p when !_parameters.Exists(x => x.Name == name): register_parameter(name, p); break;
                        case Modules.Parameter: break;
                        case Tensor t when !_buffers.Exists(x => x.Name == name): register_buffer(name, t); break;
                    }
                }
            }

            private static IEnumerable<(string Name, FieldInfo Field)> ComponentFields(Type type)
            {
                var chain = new List<Type>();
                for (var t = type; t != null && t != typeof(Module); t = t.BaseType) chain.Add(t);
                chain.Reverse(); // base-class fields first
                foreach (var t in chain)
                    // Declaration order: the compiler emits a type's fields in source order, so their metadata tokens
                    // increase in that order (GetFields itself promises no order). Optimizer state is keyed by position.
                    foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).OrderBy(f => f.MetadataToken))
                    {
                        if (!typeof(Module).IsAssignableFrom(f.FieldType) && !typeof(Tensor).IsAssignableFrom(f.FieldType)) continue;
                        var custom = f.GetCustomAttribute<Utils.ComponentNameAttribute>()?.Name;
                        yield return (string.IsNullOrEmpty(custom) ? ComponentName(f.Name) : custom, f);
                    }
            }

            private static string ComponentName(string fieldName)
            {
                // Auto-property backing field "<Foo>k__BackingField" → "Foo".
                if (fieldName.StartsWith('<'))
                {
                    int end = fieldName.IndexOf('>');
                    if (end > 1) return fieldName.Substring(1, end - 1);
                }
                return fieldName;
            }

            // ---------------- enumeration ----------------

            /// <summary>All trainable parameters, depth-first in registration order (each once).</summary>
            public IEnumerable<Modules.Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.Item2);

            /// <summary>Parameters with dotted names such as <c>"features.0.weight"</c>.</summary>
            public IEnumerable<(string name, Modules.Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, m) in recurse ? Tree() : new[] { ("", this) })
                    foreach (var (n, p) in m._parameters)
                        if (p is not null && seen.Add(p)) yield return (Join(prefix, n), p);
            }

            /// <summary>Buffers (running statistics etc.) with dotted names.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (prefix, m) in recurse ? Tree() : new[] { ("", this) })
                    foreach (var (n, b, _) in m._buffers)
                        if (b is not null) yield return (Join(prefix, n), b);
            }

            /// <summary>The parameter <paramref name="name"/>, dotted for a descendant's (<c>"0.weight"</c>); null when absent or registered as null.</summary>
            public Modules.Parameter? get_parameter(string name)
            {
                if (Owner(ref name) is not { } m) return null;
                foreach (var (n, p) in m._parameters) if (n == name) return p;
                return null;
            }

            /// <summary>
            /// The module a dotted <paramref name="target"/> such as <c>"features.0.weight"</c> lives in (null when a
            /// child on the path is missing); <paramref name="target"/> becomes the last component.
            /// </summary>
            private Module? Owner(ref string target)
            {
                var m = this;
                int dot;
                while ((dot = target.IndexOf('.')) >= 0)
                {
                    var child = target[..dot];
                    m = m._modules.Find(c => c.Name == child).Value;
                    if (m is null) return null;
                    target = target[(dot + 1)..];
                }
                return m;
            }

            /// <summary>Whether the parameter <paramref name="target"/> (dotted for a descendant's) exists and is not null.</summary>
            public bool has_parameter(string target) => get_parameter(target) is not null;
            /// <summary>Whether the buffer <paramref name="target"/> (dotted for a descendant's) exists.</summary>
            public bool has_buffer(string target) => get_buffer(target) is not null;
            /// <summary>Whether this module has a direct child <paramref name="target"/>.</summary>
            public bool has_module(string target) => _modules.Exists(m => m.Name == target);
            /// <summary>The direct child <paramref name="name"/> (null when absent).</summary>
            public Module? get_module(string name) => _modules.Find(m => m.Name == name).Value;

            /// <summary>The buffer <paramref name="name"/>, dotted for a descendant's (<c>"1.running_mean"</c>); null when absent.</summary>
            public Tensor? get_buffer(string name)
            {
                if (Owner(ref name) is not { } m) return null;
                foreach (var (n, b, _) in m._buffers) if (n == name) return b;
                return null;
            }

            /// <summary>All buffers.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.Item2);

            /// <summary>This module (name "") followed by all descendants with dotted names, depth-first.</summary>
            public virtual IEnumerable<(string name, Module module)> named_modules() => Tree();

            /// <summary>This module and all descendants with dotted names (what <see cref="named_modules"/> returns unless overridden).</summary>
            private IEnumerable<(string name, Module module)> Tree() => NamedModules("", new HashSet<Module>(ReferenceEqualityComparer.Instance));

            private IEnumerable<(string, Module)> NamedModules(string prefix, HashSet<Module> seen)
            {
                if (!seen.Add(this)) yield break;
                yield return (prefix, this);
                foreach (var (n, m) in _modules)
                    foreach (var x in m.NamedModules(Join(prefix, n), seen)) yield return x;
            }

            /// <summary>All modules of the tree, this one first.</summary>
            public IEnumerable<Module> modules() => named_modules().Select(m => m.Item2);

            /// <summary>Direct children with their registered names.</summary>
            public IEnumerable<(string name, Module module)> named_children() => _modules.Select(m => (m.Name, m.Value)).ToList();

            /// <summary>Direct children.</summary>
            public IEnumerable<Module> children() => _modules.Select(m => m.Value).ToList();

            private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

            // ---------------- mode, device, gradients ----------------

            /// <summary>Sets training mode on this module and all descendants (see the <c>train</c>/<c>eval</c> extensions).</summary>
            internal void SetTraining(bool train)
            {
                foreach (var (_, m) in Tree()) m.training = train;
            }

            /// <summary>Zeroes the gradients of all parameters (PyTorch 1.13's default <c>set_to_none=false</c>).</summary>
            public virtual void zero_grad()
            {
                foreach (var p in parameters()) ZeroGrad(p);
            }

            /// <summary>Zeroes the gradients, or with <paramref name="set_to_none"/> drops them (grad becomes null), as TorchSharp's <c>zero_grad(bool)</c>.</summary>
            public virtual void zero_grad(bool set_to_none)
            {
                if (!set_to_none) { zero_grad(); return; }
                foreach (var p in parameters()) p.grad = null;
            }

            internal static void ZeroGrad(Tensor p)
            {
                using var g = p.grad;
                g?.zero_();
            }

            /// <summary>Moves all parameters and buffers to <paramref name="device"/> (see the <c>to</c> extensions).</summary>
            internal void MoveTo(Device device) => Apply(t => t.to(device), t => t.to(device));

            /// <summary>Converts floating-point parameters and buffers to <paramref name="dtype"/> (see the <c>to</c> extensions).</summary>
            internal void ConvertTo(ScalarType dtype)
            {
                if (!IsFloating(dtype)) throw new ArgumentException($"Module.to expects a floating-point dtype, got {dtype}.", nameof(dtype));
                Apply(t => IsFloating(t.dtype) ? t.to(dtype) : null, t => IsFloating(t.dtype) ? t.to(dtype) : null);
            }

            private static bool IsFloating(ScalarType t) =>
                t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

            /// <summary>
            /// Replaces the data of every parameter and buffer by <paramref name="fn"/>'s result, in place: the Parameter
            /// and buffer objects stay the same (as in PyTorch), so references taken earlier, shared parameters and
            /// optimizers created before the move keep working.
            /// </summary>
            private void Apply(Func<Tensor, Tensor?> paramFn, Func<Tensor, Tensor?> bufferFn)
            {
                using var _ = torch.no_grad();
                var done = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (_, m) in Tree())
                {
                    foreach (var (_, p) in m._parameters) if (p is not null && done.Add(p)) SetData(p, paramFn(p));
                    foreach (var (_, b, _) in m._buffers) if (b is not null && done.Add(b)) SetData(b, bufferFn(b));
                }
            }

            private static void SetData(Tensor target, Tensor? moved)
            {
                if (moved is null || ReferenceEquals(moved, target)) return;
                using (moved)
                {
                    using var grad = target.grad;
                    Ops.Call("aten::set_data", target, moved);
                    if (grad is not null) target.grad = grad.to(moved.dtype, moved.device);
                }
            }

            // ---------------- state ----------------

            /// <summary>Parameters then buffers of every module, depth-first, by dotted name (PyTorch's key order per module).</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor>();
                foreach (var (prefix, m) in Tree())
                {
                    foreach (var (n, p) in m._parameters) if (p is not null) AddState(d, Join(prefix, n), p);
                    foreach (var (n, b, persistent) in m._buffers) if (b is not null && persistent) AddState(d, Join(prefix, n), b);
                }
                return d;
            }

            private static void AddState(Dictionary<string, Tensor> d, string key, Tensor t)
            {
                if (d.TryGetValue(key, out var other) && !ReferenceEquals(other, t))
                    throw new InvalidOperationException($"state_dict: two different tensors are named '{key}' (a container has two children with the same name); give the children unique names.");
                d[key] = t;
            }

            /// <summary>
            /// Copies tensors from <paramref name="source"/> into this module's parameters and buffers (in place, under no_grad).
            /// With <paramref name="strict"/>, missing and unexpected keys are errors; a shape mismatch is always an error.
            /// Returns the missing and unexpected keys.
            /// </summary>
            public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(IDictionary<string, Tensor> source, bool strict = true)
            {
                var own = state_dict();
                var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException($"Error loading state into {GetName()}: " +
                        (missing.Count > 0 ? $"missing keys [{string.Join(", ", missing)}]" : "") +
                        (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                        (unexpected.Count > 0 ? $"unexpected keys [{string.Join(", ", unexpected)}]" : ""));
                foreach (var (k, dst) in own)
                {
                    if (!source.TryGetValue(k, out var src)) continue;
                    if (!src.shape.SequenceEqual(dst.shape))
                        throw new ArgumentException($"Error loading state into {GetName()}: size mismatch for '{k}': " +
                            $"the model has shape [{string.Join(", ", dst.shape)}], the state has [{string.Join(", ", src.shape)}].");
                }
                using (torch.no_grad())
                    foreach (var (k, dst) in own)
                        if (source.TryGetValue(k, out var src)) dst.copy_(src);
                return (missing, unexpected);
            }

            // ---------------- hooks ----------------

            /// <summary>Adds a hook called after every <c>call</c> of this module with (module, input, output); dispose the handle to remove it.</summary>
            public HookHandle register_forward_hook(Action<Module, Tensor, Tensor> hook)
            {
                ArgumentNullException.ThrowIfNull(hook);
                _forwardHooks.Add(hook);
                return new HookHandle(() => _forwardHooks.Remove(hook));
            }

            /// <summary>
            /// Adds a hook called after the <c>call</c> of every module on the current thread (used e.g. by model summaries);
            /// dispose the handle to remove it.
            /// </summary>
            public static HookHandle register_global_forward_hook(Action<Module, Tensor, Tensor> hook)
            {
                ArgumentNullException.ThrowIfNull(hook);
                (_globalHooks ??= new()).Add(hook);
                var list = _globalHooks;
                return new HookHandle(() => list.Remove(hook));
            }

            /// <summary>Runs this module's and the global forward hooks (called by <c>call</c>).</summary>
            protected void RunForwardHooks(object? input, object? output)
            {
                if (_forwardHooks.Count == 0 && (_globalHooks is null || _globalHooks.Count == 0)) return;
                if (input is not Tensor x || output is not Tensor y) return;
                foreach (var h in _forwardHooks.ToArray()) h(this, x, y);
                if (_globalHooks is not null) foreach (var h in _globalHooks.ToArray()) h(this, x, y);
            }

            // ---------------- dispose ----------------

            /// <summary>Disposes all parameters, buffers and child modules.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Releases native memory of parameters and buffers, recursively.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (_disposed || !disposing) return;
                _disposed = true;
                foreach (var (_, m) in _modules) m.Dispose();
                foreach (var (_, p) in _parameters) p?.Dispose();
                foreach (var (_, b, _) in _buffers) b?.Dispose();
            }

            /// <summary>Module type name and parameter count.</summary>
            public override string ToString() => $"{GetName()}({parameters().Sum(p => p.numel())} parameters)";
        }

        /// <summary>A module with one input: implement <see cref="forward"/>, invoke with <see cref="call"/> (which runs hooks).</summary>
        public abstract partial class Module<T, TResult> : Module, IModule<T, TResult>
        {
            /// <summary>Creates a module named after its type (or <paramref name="name"/>).</summary>
            protected Module(string? name = null) : base(name) { }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs the pre-hooks, <see cref="forward"/>, then the forward hooks.</summary>
            public TResult call(T input)
            {
                input = RunPreHooks(input);
                var result = RunPostHooks(input, forward(input));
                RunForwardHooks(input, result);
                return result;
            }
        }

        /// <summary>A module with two inputs (e.g. a loss: input and target).</summary>
        public abstract class Module<T1, T2, TResult> : Module, IModule<T1, T2, TResult>
        {
            /// <summary>Creates a module named after its type (or <paramref name="name"/>).</summary>
            protected Module(string? name = null) : base(name) { }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T1 input1, T2 input2);

            /// <summary>Runs <see cref="forward"/> then the forward hooks (with the first input).</summary>
            public TResult call(T1 input1, T2 input2)
            {
                var result = forward(input1, input2);
                RunForwardHooks(input1, result);
                return result;
            }
        }

        /// <summary>Anything callable like a one-input module (TorchSharp's <c>nn.IModule&lt;T, TResult&gt;</c>).</summary>
        public interface IModule<T, TResult>
        {
            /// <summary>Runs the module (forward and hooks).</summary>
            TResult call(T input);
        }

        /// <summary>Anything callable like a two-input module.</summary>
        public interface IModule<T1, T2, TResult>
        {
            /// <summary>Runs the module (forward and hooks).</summary>
            TResult call(T1 input1, T2 input2);
        }

        /// <summary>Handle returned when registering a hook; disposing it removes the hook.</summary>
        public sealed class HookHandle : IDisposable
        {
            private Action? _remove;
            internal HookHandle(Action remove) { _remove = remove; }
            /// <summary>Removes the hook (idempotent).</summary>
            public void remove() => Dispose();
            /// <summary>Removes the hook (idempotent).</summary>
            public void Dispose() { _remove?.Invoke(); _remove = null; }
        }
    }
}

/// <summary>Chainable module methods that return the module's own type (<c>var net = new Net().to(device);</c>).</summary>
public static class ModuleExtensions
{
    /// <summary>
    /// Moves all parameters and buffers to <paramref name="device"/>, in place: the Parameter and buffer objects stay the
    /// same (their data moves), as in PyTorch.
    /// </summary>
    public static T to<T>(this T module, Device device) where T : torch.nn.Module { module.MoveTo(device); return module; }

    /// <summary>
    /// Converts floating-point parameters and buffers to <paramref name="dtype"/> (integer buffers such as
    /// <c>num_batches_tracked</c> are kept), in place as for <see cref="to{T}(T, Device)"/>.
    /// </summary>
    public static T to<T>(this T module, ScalarType dtype) where T : torch.nn.Module { module.ConvertTo(dtype); return module; }

    /// <summary>Moves the module to <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>.</summary>
    public static T to<T>(this T module, string device) where T : torch.nn.Module => module.to(Device.Parse(device));

    /// <summary>Moves the module to <paramref name="device"/> and converts its floating-point tensors to <paramref name="dtype"/>.</summary>
    public static T to<T>(this T module, Device device, ScalarType dtype) where T : torch.nn.Module { module.MoveTo(device); module.ConvertTo(dtype); return module; }

    /// <summary>Moves the module to a device of <paramref name="deviceType"/>.</summary>
    public static T to<T>(this T module, DeviceType deviceType, int deviceIndex = -1) where T : torch.nn.Module => module.to(torch.device(deviceType, deviceIndex));

    /// <summary>Moves the module to the GPU.</summary>
    public static T cuda<T>(this T module) where T : torch.nn.Module => module.to(torch.CUDA);

    /// <summary>Moves the module to the CPU.</summary>
    public static T cpu<T>(this T module) where T : torch.nn.Module => module.to(torch.CPU);

    /// <summary>Sets training mode (default) or evaluation mode on the module and all descendants.</summary>
    public static T train<T>(this T module, bool train = true) where T : torch.nn.Module { module.SetTraining(train); return module; }

    /// <summary>Evaluation mode (same as <c>train(false)</c>): dropout off, batch norm uses running statistics.</summary>
    public static T eval<T>(this T module) where T : torch.nn.Module { module.SetTraining(false); return module; }
}
