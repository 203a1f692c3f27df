using System.Text;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module
        {
            /// <summary>
            /// Writes <see cref="state_dict"/> in TorchSharp's format (files that TorchSharp's <c>Module.load</c> reads): the entry
            /// count (LEB128), then per entry its name (a .NET <see cref="BinaryWriter"/> string) and the tensor in TorchSharp's
            /// .NET format (see <c>Tensor.Save</c>). The file is replaced atomically.
            /// </summary>
            /// <param name="location">The file.</param>
            /// <param name="skip">Names of entries not to write.</param>
            public Module save(string location, IList<string>? skip = null)
            {
                TensorFormat.WriteAtomically(location, w => save(w, skip));
                return this;
            }

            /// <summary>Writes <see cref="state_dict"/> in TorchSharp's format to <paramref name="writer"/> (see <see cref="save(string, IList{string}?)"/>).</summary>
            public Module save(BinaryWriter writer, IList<string>? skip = null)
            {
                save_state_dict(writer, state_dict(), skip);
                return this;
            }

            /// <summary>Writes <see cref="state_dict"/> in TorchSharp's format to <paramref name="stream"/> (left open).</summary>
            public Module save(Stream stream, IList<string>? skip = null)
            {
                using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                save(writer, skip);
                writer.Flush();
                return this;
            }

            /// <summary>Writes the entries of <paramref name="sd"/> (except those named in <paramref name="skip"/>) in TorchSharp's format.</summary>
            public static void save_state_dict(BinaryWriter writer, Dictionary<string, Tensor> sd, IList<string>? skip = null)
            {
                var entries = sd.Where(kv => skip is null || !skip.Contains(kv.Key)).ToList();
                TensorFormat.Encode(writer, entries.Count);
                foreach (var (name, t) in entries)
                {
                    writer.Write(name);
                    t.Save(writer);
                }
            }

            /// <summary>
            /// Loads parameters and buffers from a file written by <see cref="save(string, IList{string}?)"/> or by TorchSharp's
            /// <c>Module.save</c>, or from one of the course's "CTSD" state files (<see cref="StateFile"/>, recognised by its magic).
            /// Nothing is changed unless the whole file fits the module.
            /// </summary>
            /// <param name="location">The file.</param>
            /// <param name="strict">Whether the file's names must be exactly the module's state names.</param>
            /// <param name="skip">Names of entries to leave unchanged (their dtype and shape are not checked).</param>
            /// <param name="loadedParameters">Filled with each name in the file and whether the module has it.</param>
            /// <exception cref="FileNotFoundException">The file does not exist.</exception>
            /// <exception cref="ArgumentException">Strict and the names differ (missing and unexpected ones are listed), or an entry's dtype or shape differs.</exception>
            /// <exception cref="InvalidDataException">The file is truncated or not a state file.</exception>
            public virtual Module load(string location, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null)
            {
                if (!File.Exists(location)) throw new FileNotFoundException($"Module.load: '{location}' does not exist.", location);
                using var stream = File.OpenRead(location);
                return Load(stream, $"'{location}'", strict, skip, loadedParameters);
            }

            /// <summary>Loads parameters and buffers in TorchSharp's format from <paramref name="reader"/> (see <see cref="load(string, bool, IList{string}?, Dictionary{string, bool}?)"/>).</summary>
            public virtual Module load(BinaryReader reader, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null) =>
                Load(reader.BaseStream, "the stream", strict, skip, loadedParameters, reader);

            /// <summary>Loads parameters and buffers from <paramref name="stream"/> (left open; see <see cref="load(string, bool, IList{string}?, Dictionary{string, bool}?)"/>).</summary>
            public Module load(Stream stream, bool strict = true, IList<string>? skip = null, Dictionary<string, bool>? loadedParameters = null) =>
                Load(stream, "the stream", strict, skip, loadedParameters);

            /// <summary>Creates a <typeparamref name="T"/> and loads its state from <paramref name="path"/>.</summary>
            public static Module Create<T>(string path) where T : Module, new() => new T().load(path);

            Module Load(Stream stream, string source, bool strict, IList<string>? skip, Dictionary<string, bool>? loadedParameters, BinaryReader? reader = null)
            {
                Dictionary<string, Tensor>? file = null;
                if (StartsWith(stream, "PK\x03\x04"u8))
                    throw new InvalidDataException($"{source} is a zip archive (as PyTorch's torch.save writes), not a state file in " +
                        "TorchSharp's format; convert a PyTorch state_dict with TorchSharp's exportsd.py first.");
                bool ctsd = StartsWith(stream, "CTSD"u8);
                try
                {
                    if (ctsd) file = StateFile.Read(stream, source.Trim('\''));
                    else
                    {
                        using var own = reader is null ? new BinaryReader(stream, Encoding.UTF8, leaveOpen: true) : null;
                        file = ReadTorchSharpState(reader ?? own!, source, skip);
                    }
                    Apply(file, source, strict, skip, loadedParameters, checkDtype: !ctsd);
                }
                finally
                {
                    if (file is not null) foreach (var t in file.Values) t?.Dispose();
                }
                return this;
            }

            /// <summary>Whether a seekable stream starts with <paramref name="magic"/> (its position is kept).</summary>
            static bool StartsWith(Stream stream, ReadOnlySpan<byte> magic)
            {
                if (!stream.CanSeek) return false;
                var start = stream.Position;
                var head = new byte[magic.Length];
                int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                stream.Position = start;
                return n == magic.Length && magic.SequenceEqual(head);
            }

            /// <summary>Reads all entries of a TorchSharp-format state (skipped entries map to null) and checks them against this module.</summary>
            Dictionary<string, Tensor> ReadTorchSharpState(BinaryReader reader, string source, IList<string>? skip)
            {
                var own = state_dict();
                var entries = new Dictionary<string, Tensor>();
                string current = "the entry count";
                try
                {
                    long count = TensorFormat.Decode(reader, source);
                    for (long i = 0; i < count; i++)
                    {
                        current = $"entry #{i}";
                        var key = reader.ReadString();
                        current = $"'{key}'";
                        var (dtype, shape) = TensorFormat.ReadHeader(reader, $"{source}, entry '{key}'");
                        bool check = own.TryGetValue(key, out var dst) && skip?.Contains(key) != true;
                        if (check)
                        {
                            if (dtype != dst!.dtype)
                                throw new ArgumentException($"Error loading {source} into {GetName()}: '{key}' is {dtype} in the file, {dst.dtype} in the module.");
                            CheckShape(key, dst.shape, shape, source);
                            entries.Add(key, TensorFormat.ReadData(reader, dtype, shape, source));
                        }
                        else
                        {
                            TensorFormat.SkipData(reader, dtype, shape, source);
                            entries.Add(key, null!);
                        }
                    }
                    return entries;
                }
                catch (Exception e)
                {
                    foreach (var t in entries.Values) t?.Dispose();
                    if (e is EndOfStreamException) throw new InvalidDataException($"State {source} is truncated (while reading {current}).", e);
                    throw;
                }
            }

            void CheckShape(string key, long[] mine, long[] theirs, string source)
            {
                if (!mine.SequenceEqual(theirs))
                    throw new ArgumentException($"Error loading {source} into {GetName()}: size mismatch for '{key}': " +
                        $"the model has shape [{string.Join(", ", mine)}], the file has [{string.Join(", ", theirs)}].");
            }

            /// <summary>Checks names (strict), shapes and dtypes of everything not skipped, then copies it all in place.</summary>
            void Apply(Dictionary<string, Tensor> file, string source, bool strict, IList<string>? skip, Dictionary<string, bool>? loadedParameters, bool checkDtype)
            {
                var own = state_dict();
                foreach (var key in file.Keys) loadedParameters?.Add(key, own.ContainsKey(key));
                var missing = own.Keys.Where(k => !file.ContainsKey(k)).ToList();
                var unexpected = file.Keys.Where(k => !own.ContainsKey(k)).ToList();
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException($"Error loading {source} into {GetName()}: " +
                        (missing.Count > 0 ? $"missing keys [{string.Join(", ", missing)}]" : "") +
                        (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                        (unexpected.Count > 0 ? $"unexpected keys [{string.Join(", ", unexpected)}]" : ""));
                var updates = file.Where(kv => kv.Value is not null && own.ContainsKey(kv.Key) && skip?.Contains(kv.Key) != true).ToList();
                foreach (var (key, src) in updates)
                {
                    var dst = own[key];
                    if (checkDtype && src.dtype != dst.dtype)
                        throw new ArgumentException($"Error loading {source} into {GetName()}: '{key}' is {src.dtype} in the file, {dst.dtype} in the module.");
                    CheckShape(key, dst.shape, src.shape, source);
                }
                foreach (var (key, src) in updates) TensorFormat.CopyInto(own[key], src);
            }
        }
    }
}
