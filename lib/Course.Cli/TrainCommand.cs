using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Data;
using Course.Models;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Cli;

/// <summary><c>course train</c>: trains a registered model on a dataset and reports one line per epoch (and JSON).</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Registered model name (see `course models`)", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = $"Dataset: {string.Join("|", DataSetup.Names)} (default: the model's)" };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs (default: the model's suggestion)" };
        var batch = new Option<int?>("--batch-size") { Description = "Mini-batch size (default: the model's suggestion)" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default: the model's suggestion)" };
        var optimizer = new Option<string?>("--optimizer") { Description = "sgd|adam (default: the model's suggestion)" };
        var momentum = new Option<double?>("--momentum") { Description = "SGD momentum (default: the model's settings)" };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "L2 weight decay (default: the model's settings)" };
        var schedule = new Option<string?>("--schedule") { Description = "Learning-rate schedule: none|step|cosine (default: the model's settings)" };
        var clip = new Option<double?>("--clip-grad") { Description = "Clip the global gradient norm to this value" };
        var init = new Option<string?>("--init") { Description = "Weight init before training: xavier (d2l's train_ch6) or none (default: the model's settings)" };
        var resize = new Option<int?>("--resize") { Description = "Resize images to N×N (default: the model's preprocessing)" };
        var limitTrain = new Option<int?>("--limit-train") { Description = "Use a random subset of N training images (default: the model's settings)" };
        var limitTest = new Option<int?>("--limit-test") { Description = "Use a random subset of N test images (default: the model's settings)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of weights, shuffling and dropout (default: the model's settings)" };
        var smoke = new Option<bool>("--smoke") { Description = "The model's smoke-run settings (as the notebooks' smoke = true; same as --mode smoke)" };
        var mode = new Option<string>("--mode")
        {
            Description = "full: the model's own settings; cpu: its CPU profile (network and settings, as the notebooks' CPU runs); smoke; auto: full with a CUDA device, else cpu",
            DefaultValueFactory = _ => "full",
        };
        var device = new Option<string>("--device") { Description = "auto|cpu|cuda|cuda:N", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int?>("--threads") { Description = "libtorch CPU threads (default: COURSE_THREADS or all cores)" };
        var json = new Option<string?>("--json") { Description = "Write the run (settings and per-epoch metrics) as JSON to this file" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save a checkpoint here after every epoch and resume from it" };
        var logEvery = new Option<int>("--log-every") { Description = "Print `loss: … [n/N]` every N batches (0: off)", DefaultValueFactory = _ => 0 };
        var download = new Option<bool>("--download") { Description = "Download a named dataset when its files are missing" };
        // data-parallel training (torch.distributed): the launcher's options, as torchrun's
        var nproc = new Option<int>("--nproc") { Description = "Data-parallel: start N worker processes on this machine (torchrun's --nproc-per-node); --batch-size is per process", DefaultValueFactory = _ => 1 };
        var nnodes = new Option<int>("--nnodes") { Description = "Data-parallel: machines taking part (run the same command on each, with its --node-rank)", DefaultValueFactory = _ => 1 };
        var nodeRank = new Option<int>("--node-rank") { Description = "Data-parallel: this machine's index, 0 … nnodes − 1 (node 0 hosts the rendezvous)", DefaultValueFactory = _ => 0 };
        var masterAddr = new Option<string>("--master-addr") { Description = "Data-parallel: address of node 0", DefaultValueFactory = _ => "127.0.0.1" };
        var masterPort = new Option<int>("--master-port") { Description = "Data-parallel: free TCP port on node 0 for the rendezvous store", DefaultValueFactory = _ => DataParallel.DefaultPort };
        var backend = new Option<string?>("--backend") { Description = "Data-parallel: gloo|nccl (default: nccl on CUDA, gloo on CPUs)" };
        var distTimeout = new Option<double>("--dist-timeout") { Description = "Data-parallel: seconds before a rank that never arrives or stops responding fails the run", DefaultValueFactory = _ => 300 };

        var command = new Command("train", "Train a registered model on a dataset (d2l's train_ch6)")
        {
            model, dataset, epochs, batch, lr, optimizer, momentum, weightDecay, schedule, clip, init, resize,
            limitTrain, limitTest, seed, smoke, mode, device, threads, json, checkpoint, logEvery, download,
            nproc, nnodes, nodeRank, masterAddr, masterPort, backend, distTimeout,
        };
        command.SetAction(parse =>
        {
            var worker = DataParallel.Current();
            if (worker is null && (parse.GetValue(nproc) > 1 || parse.GetValue(nnodes) > 1))
            {
                // the launcher: this command again, without the launcher's options, as each worker
                var (exe, self) = DataParallel.Self(typeof(TrainCommand).Assembly);   // the CLI's assembly, also for in-process callers (tests)
                return DataParallel.Launch(exe, self.Concat(WorkerArgs(parse.Tokens.Select(t => t.Value))).ToList(), parse.GetValue(nproc),
                    parse.GetValue(nnodes), parse.GetValue(nodeRank), parse.GetValue(masterAddr)!, parse.GetValue(masterPort),
                    parse.GetValue(threads), Output.Out(parse), parse.InvocationConfiguration.Error ?? Console.Error);
            }
            if (worker is null) return Train(parse, null);
            // a worker: join the group (rank 0 hosts the store at MASTER_ADDR:MASTER_PORT), train, leave
            var dev0 = Devices.Resolve(WorkerDevice(parse.GetValue(device)!, worker));
            var be = parse.GetValue(backend) ?? (dev0.type == DeviceType.CUDA ? distributed.Backend.NCCL : distributed.Backend.GLOO);
            distributed.init_process_group(be, timeout: TimeSpan.FromSeconds(parse.GetValue(distTimeout)));
            try { return Train(parse, worker); }
            finally { distributed.destroy_process_group(); }
        });
        return command;

        string WorkerDevice(string requested, DataParallel.Worker w) =>
            requested is "auto" or "cuda" && torch.cuda.is_available() ? $"cuda:{w.LocalRank % Math.Max(1, torch.cuda.device_count())}" : requested;

        int Train(ParseResult parse, DataParallel.Worker? worker)
        {
            var output = worker is { Rank: > 0 } ? TextWriter.Null : Output.Out(parse);
            var family = ModelRegistry.Get(parse.GetValue(model)!);
            var runMode = parse.GetValue(smoke) ? RunMode.Smoke : RunModes.Parse(parse.GetValue(mode)!);
            var info = family.For(runMode);          // the network the model's notebook trains in this mode
            var t = family.TrainingFor(runMode);     // and its settings
            string datasetName = (parse.GetValue(dataset) ?? info.Dataset).Trim().ToLowerInvariant();
            if (datasetName == "imagenet") throw new ArgumentException($"model '{info.Name}' is an ImageNet model; pass --dataset ({string.Join("|", DataSetup.Names)}) and usually --resize");
            var options = TrainerOptions.From(t);
            if (parse.GetValue(epochs) is { } e) options.Epochs = e;
            if (parse.GetValue(lr) is { } rate) options.LearningRate = rate;
            if (parse.GetValue(optimizer) is { } o) options.Optimizer = TrainerOptions.ParseOptimizer(o);
            if (parse.GetValue(momentum) is { } m) options.Momentum = m;
            if (parse.GetValue(weightDecay) is { } wd) options.WeightDecay = wd;
            if (parse.GetValue(schedule) is { } sch) options.Schedule = TrainerOptions.ParseSchedule(sch);
            if (parse.GetValue(init) is { } i) options.Init = TrainerOptions.ParseInit(i);
            if (parse.GetValue(seed) is { } sd) options.Seed = sd;
            options.ClipGradNorm = parse.GetValue(clip);
            options.Device = worker is null ? parse.GetValue(device)! : WorkerDevice(parse.GetValue(device)!, worker);
            options.LogEvery = parse.GetValue(logEvery);
            options.PrintEpochs = false;
            options.Log = output;
            options.CheckpointDir = parse.GetValue(checkpoint);
            int? trainLimit = parse.GetValue(limitTrain) ?? t.TrainLimit, testLimit = parse.GetValue(limitTest) ?? t.TestLimit;
            int batchSize = parse.GetValue(batch) ?? t.BatchSize;
            if (batchSize <= 0) throw new ArgumentException($"--batch-size must be positive, got {batchSize}");
            options.Validate();
            var dev = Devices.Resolve(options.Device);   // fail fast, before loading data
            int nThreads = Devices.ConfigureThreads(parse.GetValue(threads));

            var (train, test) = DataSetup.Load(datasetName, options.Seed ?? 0, parse.GetValue(download), (int)info.InputShape[0]);
            var transform = DataSetup.Preprocessing(info, train.Height, parse.GetValue(resize), out var prep);
            torch.manual_seed(options.Seed ?? 0);
            var net = info.Create(train.Classes.Count, train.Channels);
            CheckFits(net, info, train, transform, datasetName);
            long paramCount = net.parameters().Sum(p => p.numel());

            using var trainer = new Trainer(net, options, loss: info.Loss);
            // the registry's augmentation: random left–right flips after the preprocessing, seeded as the notebooks seed them
            ITransform? trainTransform = !t.Flip ? transform
                : transform is null ? Transforms.RandomHorizontalFlip(0.5, seed: options.Seed ?? 0)
                : Transforms.Compose(transform, Transforms.RandomHorizontalFlip(0.5, seed: options.Seed ?? 0));
            // data-parallel: each rank trains on its share of every epoch (the same shuffle on all ranks) and tests on its share
            int trainItems = Math.Min(trainLimit ?? train.Count, train.Count), testItems = Math.Min(testLimit ?? test.Count, test.Count);
            var trainSampler = worker is null ? null
                : new torch.utils.data.distributed.DistributedSampler(trainItems, shuffle: true, seed: options.Seed ?? 0);
            var testSampler = worker is null ? null : new torch.utils.data.distributed.DistributedSampler(testItems, shuffle: false);
            var trainLoader = new DataLoader(train, batchSize, shuffle: worker is null, seed: options.Seed ?? 0, limit: trainLimit,
                randomSubset: true, transform: trainTransform, device: dev, sampler: trainSampler);
            var testLoader = new DataLoader(test, batchSize, seed: options.Seed ?? 0, limit: testLimit,
                randomSubset: true, transform: transform, device: dev, sampler: testSampler);
            int world = worker?.WorldSize ?? 1;

            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "training {0} ({1:N0} parameters) on {2}: {3} train / {4} test images {5}×{6}×{7}, preprocessing {8}{16}; device {9}, {10} thread(s); {11} lr {12:G4}, batch {13}, {14} epochs, seed {15}",
                info.Name, paramCount, datasetName, trainItems, testItems, train.Channels, train.Height, train.Width, prep,
                trainer.Device, nThreads, options.Optimizer.ToString().ToLowerInvariant(), options.LearningRate, batchSize, options.Epochs, options.Seed,
                t.Flip ? ", random flips" : ""));
            if (worker is not null)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "data-parallel: {0} processes ({1}), {2} per process, global batch {3}; each process trains on {4} images per epoch",
                    world, distributed.get_backend(), batchSize, batchSize * world, trainLoader.Size));
            if (train.IsStandIn) output.WriteLine($"note: {train.Description}");

            var jsonPath = worker is { Rank: > 0 } ? null : parse.GetValue(json);   // rank 0 writes the history
            var run = new JsonObject
            {
                ["model"] = info.Name, ["dataset"] = datasetName, ["device"] = trainer.Device.ToString(), ["params"] = paramCount,
                ["threads"] = nThreads, ["seed"] = options.Seed, ["batch_size"] = batchSize, ["lr"] = options.LearningRate,
                ["optimizer"] = options.Optimizer.ToString().ToLowerInvariant(), ["preprocessing"] = prep,
                ["train_examples"] = trainItems, ["test_examples"] = testItems,
                ["world_size"] = world, ["backend"] = worker is null ? null : distributed.get_backend(),
            };
            void WriteJson(History h)
            {
                if (jsonPath is null) return;
                run["epochs"] = JsonSerializer.SerializeToNode(h.Epochs.ToList());
                SummaryCommand.WriteFile(jsonPath, run.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            History history;
            if (Output.IsInteractive(output)) history = FitWithProgressBar(trainer, trainLoader, testLoader, output, WriteJson);
            else
            {
                trainer.OnEpochEnd += r => { output.WriteLine(r.ToString()); output.Flush(); WriteJson(trainer.History); };
                history = trainer.Fit(trainLoader, testLoader);
            }
            WriteJson(history);
            if (history.Last is { } last)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "done: test acc {0:F4} after {1} epochs, {2:F1} s{3}",
                    last.TestAcc ?? double.NaN, history.Count, clock.Elapsed.TotalSeconds, jsonPath is null ? "" : $"; wrote {jsonPath}"));
            net.Dispose();
            return 0;
        }
    }

    /// <summary>The launcher's options, which the workers do not get.</summary>
    static readonly string[] LauncherOptions = { "--nproc", "--nnodes", "--node-rank", "--master-addr", "--master-port" };

    /// <summary>The command line without the launcher's options (<c>--nproc 2</c> and <c>--nproc=2</c> forms).</summary>
    internal static List<string> WorkerArgs(IEnumerable<string> tokens)
    {
        var list = tokens.ToList();
        var result = new List<string>();
        for (int i = 0; i < list.Count; i++)
        {
            var t = list[i];
            if (LauncherOptions.Contains(t)) { i++; continue; }
            if (LauncherOptions.Any(o => t.StartsWith(o + "=", StringComparison.Ordinal))) continue;
            result.Add(t);
        }
        return result;
    }

    private static History FitWithProgressBar(Trainer trainer, DataLoader train, DataLoader test, TextWriter output, Action<History> writeJson)
    {
        var console = Output.Console(output);
        History? result = null;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("epoch 1", maxValue: train.Count + test.Count);
                trainer.ProgressCallback = p =>
                {
                    task.Description = $"epoch {p.Epoch}/{p.Epochs} {(p.Phase == TrainingPhase.Train ? "train" : "test")}";
                    task.Value = p.Phase == TrainingPhase.Train ? p.Batch : train.Count + p.Batch;
                };
                trainer.OnEpochEnd += r =>
                {
                    console.WriteLine(r.ToString());
                    writeJson(trainer.History);
                    task.Value = 0;
                };
                result = trainer.Fit(train, test);
            });
        return result!;
    }

    /// <summary>Runs the model once on two preprocessed images so a model/dataset mismatch is one clear error before training.</summary>
    private static void CheckFits(nn.Module<Tensor, Tensor> net, ModelInfo info, ImageDataset data, ITransform? transform, string datasetName)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, y) = data.Batch(new[] { 0, Math.Min(1, data.Count - 1) });
        var input = transform is null ? x : transform.call(x);
        net.eval();
        try { net.call(input); }
        catch (Exception e) when (e is TorchException or ArgumentException or InvalidOperationException)
        {
            throw new ArgumentException($"model '{info.Name}' (expects {string.Join("×", info.InputShape)}) cannot take {datasetName} images of shape " +
                $"{string.Join("×", input.shape.Skip(1))}; try --resize. ({e.Message.Split('\n')[0]})");
        }
        finally
        {
            net.train();
            x.Dispose(); y.Dispose();
        }
    }
}
