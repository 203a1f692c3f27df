namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        public abstract partial class Module<T, TResult>
        {
            private readonly List<Func<Module<T, TResult>, T, T>> _preHooks = new();
            private readonly List<Func<Module<T, TResult>, T, TResult, TResult>> _postHooks = new();
            private readonly List<Action<Module>> _modulePreHooks = new();
            private readonly List<Action<Module>> _modulePostHooks = new();

            /// <summary>
            /// Adds a hook called by <c>call</c> before <c>forward</c> with (module, input); a non-null result replaces the
            /// input (TorchSharp's shape). Remove it with the handle.
            /// </summary>
            public HookHandle register_forward_pre_hook(Func<Module<T, TResult>, T, T> hook) => Add(_preHooks, hook);

            /// <summary>
            /// Adds a hook called by <c>call</c> after <c>forward</c> with (module, input, output); a non-null result
            /// replaces the output (TorchSharp's shape). Remove it with the handle.
            /// </summary>
            public HookHandle register_forward_hook(Func<Module<T, TResult>, T, TResult, TResult> hook) => Add(_postHooks, hook);

            /// <summary>Adds a hook called with the module before every <c>forward</c> run by <c>call</c>.</summary>
            public HookHandle register_forward_pre_hook(Action<Module> hook) => Add(_modulePreHooks, hook);

            /// <summary>Adds a hook called with the module after every <c>forward</c> run by <c>call</c>.</summary>
            public HookHandle register_forward_hook(Action<Module> hook) => Add(_modulePostHooks, hook);

            private static HookHandle Add<THook>(List<THook> hooks, THook hook) where THook : Delegate
            {
                ArgumentNullException.ThrowIfNull(hook);
                hooks.Add(hook);
                return new HookHandle(() => hooks.Remove(hook));
            }

            private T RunPreHooks(T input)
            {
                if (_preHooks.Count == 0 && _modulePreHooks.Count == 0) return input;   // every call of every module passes here
                foreach (var h in _modulePreHooks.ToArray()) h(this);
                foreach (var h in _preHooks.ToArray())
                    if (h(this, input) is { } changed) input = changed;
                return input;
            }

            private TResult RunPostHooks(T input, TResult result)
            {
                if (_postHooks.Count == 0 && _modulePostHooks.Count == 0) return result;
                foreach (var h in _postHooks.ToArray())
                    if (h(this, input, result) is { } changed) result = changed;
                foreach (var h in _modulePostHooks.ToArray()) h(this);
                return result;
            }
        }
    }
}
