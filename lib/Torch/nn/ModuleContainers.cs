using System.Collections;
using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>
    /// A list of modules registered as children "0", "1", … so the owner's <c>parameters()</c>, <c>to</c>, <c>train</c>
    /// and <c>state_dict</c> see them (TorchSharp's and PyTorch's ModuleList). It has no <c>forward</c>.
    /// </summary>
    public class ModuleList<T> : nn.Module, IList<T> where T : nn.Module
    {
        readonly List<T> items = new();

        /// <summary>A list of <paramref name="modules"/>.</summary>
        public ModuleList(params T[] modules) : base("ModuleList") { extend(modules); }

        void Sync()
        {
            ClearChildRegistrations();
            for (int i = 0; i < items.Count; i++) register_module(i.ToString(), items[i]);
        }

        /// <summary>The module at <paramref name="index"/>.</summary>
        public T this[int index] { get => items[index]; set { items[index] = value; Sync(); } }
        public int Count => items.Count;
        public bool IsReadOnly => false;
        public void Add(T item) { items.Add(item); Sync(); }
        /// <summary>Appends <paramref name="modules"/>.</summary>
        public void append(params T[] modules) => extend(modules);
        /// <summary>Appends <paramref name="modules"/>.</summary>
        public void extend(IEnumerable<T> modules) { items.AddRange(modules); Sync(); }
        public void Clear() { items.Clear(); Sync(); }
        public bool Contains(T item) => items.Contains(item);
        public void CopyTo(T[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);
        public int IndexOf(T item) => items.IndexOf(item);
        public void Insert(int index, T item) { items.Insert(index, item); Sync(); }
        public bool Remove(T item) { var removed = items.Remove(item); Sync(); return removed; }
        public void RemoveAt(int index) { items.RemoveAt(index); Sync(); }
        public IEnumerator<T> GetEnumerator() => items.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// Modules by name, registered as children under those names in insertion order (TorchSharp's and PyTorch's
    /// ModuleDict). Enumerating it gives (name, module) pairs. It has no <c>forward</c>.
    /// </summary>
    public class ModuleDict<T> : nn.Module, IDictionary<string, T> where T : nn.Module
    {
        readonly List<(string Key, T Value)> entries = new();

        /// <summary>An empty dictionary.</summary>
        public ModuleDict() : base("ModuleDict") { }

        void Sync()
        {
            ClearChildRegistrations();
            foreach (var (k, v) in entries) register_module(k, v);
        }

        int Find(string key) => entries.FindIndex(i => i.Key == key);

        /// <summary>The module named <paramref name="key"/>; setting a new name appends it.</summary>
        public T this[string key]
        {
            get => Find(key) is var i and >= 0 ? entries[i].Value : throw new KeyNotFoundException($"ModuleDict has no module '{key}'");
            set { var i = Find(key); if (i >= 0) entries[i] = (key, value); else entries.Add((key, value)); Sync(); }
        }
        /// <summary>The (name, module) pair at <paramref name="index"/>.</summary>
        public (string, T) this[int index] => entries[index];
        public ICollection<string> Keys => entries.Select(i => i.Key).ToList();
        public ICollection<T> Values => entries.Select(i => i.Value).ToList();
        public IEnumerable<string> keys() => Keys;
        public IEnumerable<T> values() => Values;
        public IEnumerator<(string, T)> items() => entries.Select(i => (i.Key, i.Value)).GetEnumerator();
        public int Count => entries.Count;
        public bool IsReadOnly => false;
        public void Add(string key, T value)
        {
            if (Find(key) >= 0) throw new ArgumentException($"ModuleDict already has a module '{key}'", nameof(key));
            entries.Add((key, value)); Sync();
        }
        public void Add((string, T) item) => Add(item.Item1, item.Item2);
        public void Add(KeyValuePair<string, T> item) => Add(item.Key, item.Value);
        public void clear() => Clear();
        public void Clear() { entries.Clear(); Sync(); }
        public bool ContainsKey(string key) => Find(key) >= 0;
        public bool Contains(KeyValuePair<string, T> item) => Find(item.Key) is var i and >= 0 && ReferenceEquals(entries[i].Value, item.Value);
        public void CopyTo(KeyValuePair<string, T>[] array, int arrayIndex)
        {
            foreach (var (k, v) in entries) array[arrayIndex++] = new(k, v);
        }
        public bool Remove(string key) { var i = Find(key); if (i < 0) return false; entries.RemoveAt(i); Sync(); return true; }
        public bool Remove(KeyValuePair<string, T> item) => Contains(item) && Remove(item.Key);
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
        {
            var i = Find(key);
            value = i >= 0 ? entries[i].Value : null;
            return i >= 0;
        }
        /// <summary>The (name, module) pairs in insertion order.</summary>
        public IEnumerator<(string, T)> GetEnumerator() => entries.Select(i => (i.Key, i.Value)).GetEnumerator();
        IEnumerator<KeyValuePair<string, T>> IEnumerable<KeyValuePair<string, T>>.GetEnumerator() =>
            entries.Select(i => new KeyValuePair<string, T>(i.Key, i.Value)).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Marks a module that has no parameters or buffers (TorchSharp's <c>IParameterLessModule</c>).</summary>
    public interface IParameterLessModule { }

    /// <summary>
    /// Base of a module with neither parameters nor buffers (TorchSharp's <c>ParameterLessModule</c>): registering a
    /// parameter or buffer throws <see cref="InvalidOperationException"/>, and so does a child that is not parameter-less.
    /// </summary>
    public abstract class ParameterLessModule<T, TResult> : nn.Module<T, TResult>, IParameterLessModule
    {
        /// <summary>Creates the module with its display name.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <summary>TorchSharp's native-handle constructor: this binding has no native modules, so only zero handles are accepted.</summary>
        protected ParameterLessModule(IntPtr handle, IntPtr boxedHandle) : base(null) => ParameterLess.CheckNoHandle(handle, boxedHandle);

        /// <summary>Always throws: a parameter-less module has no parameters.</summary>
        public override void register_parameter(string name, Parameter? param) => throw ParameterLess.Refuse("parameter", name);
        /// <summary>Always throws: a parameter-less module has no buffers.</summary>
        public override void register_buffer(string name, Tensor? tensor, bool persistent = true) => throw ParameterLess.Refuse("buffer", name);
        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, nn.Module module)
        {
            if (module is not IParameterLessModule) throw ParameterLess.Refuse("child module", name, module);
            base.register_module(name, module);
        }
    }

    /// <summary>A parameter-less module with two inputs; see <see cref="ParameterLessModule{T, TResult}"/>.</summary>
    public abstract class ParameterLessModule<T1, T2, TResult> : nn.Module<T1, T2, TResult>, IParameterLessModule
    {
        /// <summary>Creates the module with its display name.</summary>
        protected ParameterLessModule(string name) : base(name) { }

        /// <summary>TorchSharp's native-handle constructor: this binding has no native modules, so only zero handles are accepted.</summary>
        protected ParameterLessModule(IntPtr handle, IntPtr boxedHandle) : base(null) => ParameterLess.CheckNoHandle(handle, boxedHandle);

        /// <summary>Always throws: a parameter-less module has no parameters.</summary>
        public override void register_parameter(string name, Parameter? param) => throw ParameterLess.Refuse("parameter", name);
        /// <summary>Always throws: a parameter-less module has no buffers.</summary>
        public override void register_buffer(string name, Tensor? tensor, bool persistent = true) => throw ParameterLess.Refuse("buffer", name);
        /// <summary>Registers a child, which must be parameter-less too.</summary>
        public override void register_module(string name, nn.Module module)
        {
            if (module is not IParameterLessModule) throw ParameterLess.Refuse("child module", name, module);
            base.register_module(name, module);
        }
    }

    internal static class ParameterLess
    {
        public static InvalidOperationException Refuse(string what, string name, nn.Module? module = null) =>
            new($"Cannot register {what} '{name}'{(module is null ? "" : $" ({module.GetType().Name})")} on a parameter-less module" +
                (module is null ? "." : ": its children must be parameter-less too."));

        public static void CheckNoHandle(IntPtr handle, IntPtr boxedHandle)
        {
            if (handle != IntPtr.Zero || boxedHandle != IntPtr.Zero)
                throw new NotSupportedException("This binding has no native TorchSharp modules: a module cannot be created from a native handle.");
        }
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A list of modules, registered as children "0", "1", ….</summary>
            public static Modules.ModuleList<Module> ModuleList(params Module[] modules) => new(modules);
            /// <summary>A list of modules of type <typeparamref name="T"/>, registered as children "0", "1", ….</summary>
            public static Modules.ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);

            /// <summary>Modules by name, registered as children under those names.</summary>
            public static Modules.ModuleDict<Module> ModuleDict(params (string, Module)[] modules) => ModuleDict<Module>(modules);
            /// <summary>Modules of type <typeparamref name="T"/> by name, registered as children under those names.</summary>
            public static Modules.ModuleDict<T> ModuleDict<T>(params (string, T)[] modules) where T : Module
            {
                var d = new Modules.ModuleDict<T>();
                foreach (var (k, v) in modules) d.Add(k, v);
                return d;
            }
        }
    }

    /// <summary>TorchSharp's dtype shorthands on modules: <c>model.@double()</c>, <c>model.half()</c>, ….</summary>
    public static class ModuleExtensionMethods
    {
        /// <summary>Converts floating-point parameters and buffers to float16, in place.</summary>
        public static T half<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.Float16);
        /// <summary>Converts floating-point parameters and buffers to bfloat16, in place.</summary>
        public static T bfloat16<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.BFloat16);
        /// <summary>Converts floating-point parameters and buffers to float32, in place.</summary>
        public static T @float<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.Float32);
        /// <summary>Converts floating-point parameters and buffers to float64, in place.</summary>
        public static T @double<T>(this T module) where T : torch.nn.Module => module.to(torch.ScalarType.Float64);
    }
}
