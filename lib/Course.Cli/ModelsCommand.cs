using System.CommandLine;
using System.Globalization;
using Course.Models;
using Spectre.Console;

namespace Course.Cli;

/// <summary><c>course models</c>: the model registry as a table.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var withParams = new Option<bool>("--params") { Description = "Also build each model to count its parameters (slow for the ImageNet models)" };
        var command = new Command("models", "List the registered models: input, classes, dataset, suggested settings") { withParams };
        command.SetAction(parse =>
        {
            var console = Output.Console(Output.Out(parse));
            bool count = parse.GetValue(withParams);
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumn("name");
            table.AddColumn("input");
            table.AddColumn(new TableColumn("classes").RightAligned());
            table.AddColumn("dataset");
            table.AddColumn("suggested");
            if (count) table.AddColumn(new TableColumn("params").RightAligned());
            table.AddColumn("description");
            foreach (var m in ModelRegistry.Models)
            {
                var t = m.Training;
                var cells = new List<string>
                {
                    m.Name, string.Join("×", m.InputShape), m.NumClasses.ToString(CultureInfo.InvariantCulture), m.Dataset,
                    FormattableString.Invariant($"{t.Optimizer} lr {t.LearningRate:G4}, batch {t.BatchSize}, {t.Epochs} epochs"),
                };
                if (count)
                {
                    using var model = m.Create();
                    cells.Add(model.parameters().Sum(p => p.numel()).ToString("N0", CultureInfo.InvariantCulture));
                }
                cells.Add(m.Description);
                table.AddRow(cells.Select(Markup.Escape).ToArray());
            }
            console.Write(table);
            return 0;
        });
        return command;
    }
}
