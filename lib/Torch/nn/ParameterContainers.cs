using System.Collections;
using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>
    /// A list of parameters that registers them (named "0", "1", …) so the enclosing module's <c>parameters()</c> and
    /// optimizers see them, as TorchSharp's and PyTorch's ParameterList.
    /// </summary>
    public class ParameterList : nn.Module, IList<Parameter>
    {
        readonly List<Parameter> items = new();

        public ParameterList(params Parameter[] parameters) : base(nameof(ParameterList)) { extend(parameters); }

        void Sync()
        {
            ClearParameterRegistrations();
            for (int i = 0; i < items.Count; i++) register_parameter(i.ToString(), items[i]);
        }

        public Parameter this[int index] { get => items[index]; set { items[index] = value; Sync(); } }
        public int Count => items.Count;
        public bool IsReadOnly => false;
        public void Add(Parameter item) { items.Add(item); Sync(); }
        public void append(params Parameter[] parameters) => extend(parameters);
        public void extend(IEnumerable<Parameter> parameters) { items.AddRange(parameters); Sync(); }
        public void Clear() { items.Clear(); Sync(); }
        public bool Contains(Parameter item) => items.Contains(item);
        public void CopyTo(Parameter[] array, int arrayIndex) => items.CopyTo(array, arrayIndex);
        public int IndexOf(Parameter item) => items.IndexOf(item);
        public void Insert(int index, Parameter item) { items.Insert(index, item); Sync(); }
        public bool Remove(Parameter item) { var removed = items.Remove(item); Sync(); return removed; }
        public void RemoveAt(int index) { items.RemoveAt(index); Sync(); }
        public IEnumerator<Parameter> GetEnumerator() => items.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Parameters by name, registered under those names, in insertion order (TorchSharp's ParameterDict).</summary>
    public class ParameterDict : nn.Module, IDictionary<string, Parameter>
    {
        readonly List<(string Key, Parameter Value)> entries = new();

        public ParameterDict() : base(nameof(ParameterDict)) { }
        public ParameterDict(params (string, Parameter)[] parameters) : base(nameof(ParameterDict)) { foreach (var (k, v) in parameters) Add(k, v); }

        void Sync()
        {
            ClearParameterRegistrations();
            foreach (var (k, v) in entries) register_parameter(k, v);
        }

        int Find(string key) => entries.FindIndex(i => i.Key == key);

        public Parameter this[string key]
        {
            get => Find(key) is var i and >= 0 ? entries[i].Value : throw new KeyNotFoundException($"ParameterDict has no parameter '{key}'");
            set { var i = Find(key); if (i >= 0) entries[i] = (key, value); else entries.Add((key, value)); Sync(); }
        }
        public (string, Parameter) this[int index] => entries[index];
        public ICollection<string> Keys => entries.Select(i => i.Key).ToList();
        public ICollection<Parameter> Values => entries.Select(i => i.Value).ToList();
        public IEnumerable<string> keys() => Keys;
        public IEnumerable<Parameter> values() => Values;
        public IEnumerator<(string, Parameter)> items() => entries.Select(i => (i.Key, i.Value)).GetEnumerator();
        public int Count => entries.Count;
        public bool IsReadOnly => false;
        public void Add(string key, Parameter value)
        {
            if (Find(key) >= 0) throw new ArgumentException($"ParameterDict already has a parameter '{key}'", nameof(key));
            entries.Add((key, value)); Sync();
        }
        public void Add((string, Parameter) item) => Add(item.Item1, item.Item2);
        public void Add(KeyValuePair<string, Parameter> item) => Add(item.Key, item.Value);
        public void clear() => Clear();
        public void Clear() { entries.Clear(); Sync(); }
        public bool ContainsKey(string key) => Find(key) >= 0;
        public bool Contains(KeyValuePair<string, Parameter> item) => Find(item.Key) is var i and >= 0 && ReferenceEquals(entries[i].Value, item.Value);
        public void CopyTo(KeyValuePair<string, Parameter>[] array, int arrayIndex)
        {
            foreach (var (k, v) in entries) array[arrayIndex++] = new(k, v);
        }
        public bool Remove(string key) { var i = Find(key); if (i < 0) return false; entries.RemoveAt(i); Sync(); return true; }
        public bool Remove(KeyValuePair<string, Parameter> item) => Contains(item) && Remove(item.Key);
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Parameter value)
        {
            var i = Find(key);
            value = i >= 0 ? entries[i].Value : null;
            return i >= 0;
        }
        public IEnumerator<KeyValuePair<string, Parameter>> GetEnumerator() => entries.Select(i => new KeyValuePair<string, Parameter>(i.Key, i.Value)).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Modules.ParameterList ParameterList(params Modules.Parameter[] parameters) => new(parameters);
            public static Modules.ParameterDict ParameterDict(params (string, Modules.Parameter)[] parameters) => new(parameters);
        }
    }
}
