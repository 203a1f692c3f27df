using System.CommandLine;
using TorchSharp;

namespace Course.Cli;

/// <summary><c>course info [--require-cuda]</c>: versions, threads and devices as libtorch sees them.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var requireCuda = new Option<bool>("--require-cuda") { Description = "Exit with an error unless libtorch sees a CUDA GPU" };
        var cmd = new Command("info", "Show the .NET and libtorch versions, threads and devices") { requireCuda };
        cmd.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var available = torch.cuda.is_available();
            o.WriteLine($".NET               {Environment.Version}");
            o.WriteLine($"libtorch           {torch.__version__}");
            o.WriteLine($"threads            {torch.get_num_threads()} (COURSE_THREADS={Environment.GetEnvironmentVariable("COURSE_THREADS") ?? "unset"})");
            o.WriteLine($"cuda.is_available  {available}");
            o.WriteLine($"cuda.device_count  {torch.cuda.device_count()}");
            o.WriteLine($"default device     {(available ? "cuda" : "cpu")}");
            o.WriteLine("parallel info      (torch.__config__.parallel_info())");
            foreach (var line in torch.__config__.parallel_info().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                o.WriteLine("  " + line.Replace("\t", "  "));
            if (parse.GetValue(requireCuda) && !available)
                throw new InvalidOperationException("CUDA is not available to libtorch (torch.cuda.is_available() is false): check the GPU, the NVIDIA driver and that the shim was built against a CUDA libtorch (Torch_DIR)");
            return 0;
        });
        return cmd;
    }
}
