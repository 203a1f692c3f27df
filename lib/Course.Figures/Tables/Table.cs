using System.Globalization;
using System.Reflection;
using System.Text;
using Course.Polyglot;

namespace Course.Figures;

/// <summary>Horizontal alignment of a table column.</summary>
public enum Align
{
    /// <summary>Left aligned (text).</summary>
    Left,
    /// <summary>Right aligned (numbers).</summary>
    Right,
    /// <summary>Centred.</summary>
    Center,
}

/// <summary>A table column: header, alignment and an optional .NET format string (e.g. "N0", "0.00%").</summary>
public sealed record TableColumn(string Header, Align Align = Align.Left, string? Format = null);

/// <summary>
/// A small table with typed columns, rows, an optional title and footer rows (totals). Renders as styled HTML
/// (<see cref="ToHtml"/>) or as aligned text with box-drawing or ASCII borders (<see cref="ToText"/>).
/// Values are formatted with the column's format string in the invariant culture.
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class Table
{
    private readonly List<TableColumn> _columns = [];
    private readonly List<object?[]> _rows = [];
    private readonly List<object?[]> _footer = [];

    /// <summary>Creates an empty table.</summary>
    public Table(string? title = null) => Title = title;

    /// <summary>Creates a table with the given columns.</summary>
    public Table(string? title, params TableColumn[] columns) : this(title) => _columns.AddRange(columns);

    /// <summary>Optional caption shown above the table.</summary>
    public string? Title { get; set; }
    /// <summary>The columns.</summary>
    public IReadOnlyList<TableColumn> Columns => _columns;
    /// <summary>Body rows (raw values).</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows => _rows;
    /// <summary>Footer rows (raw values), drawn after a separator.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> FooterRows => _footer;

    /// <summary>Adds a column (only before any row is added).</summary>
    public Table AddColumn(string header, Align align = Align.Left, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (_rows.Count > 0 || _footer.Count > 0)
            throw new InvalidOperationException($"Table: cannot add column '{header}' after rows were added.");
        _columns.Add(new TableColumn(header, align, format));
        return this;
    }

    /// <summary>Adds a body row; it must have one value per column.</summary>
    public Table AddRow(params object?[] values)
    {
        _rows.Add(Check(values, "row"));
        return this;
    }

    /// <summary>Adds a footer row (e.g. totals); it must have one value per column.</summary>
    public Table AddFooter(params object?[] values)
    {
        _footer.Add(Check(values, "footer row"));
        return this;
    }

    private object?[] Check(object?[]? values, string what)
    {
        values ??= [null];
        if (values.Length != _columns.Count)
            throw new ArgumentException($"Table {what}: expected {_columns.Count} values (one per column), got {values.Length}.", nameof(values));
        return (object?[])values.Clone();
    }

    /// <summary>The text of a cell value in column <paramref name="column"/>.</summary>
    public string FormatCell(int column, object? value)
    {
        var format = _columns[column].Format;
        string s = value switch
        {
            null => "",
            string str => str,
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return s.Replace("\r\n", " ").Replace('\n', ' ');
    }

    /// <summary>
    /// A table from the public readable instance properties of <typeparamref name="T"/> (declaration order).
    /// Numeric columns are right aligned; float/double/decimal columns use "0.####".
    /// </summary>
    public static Table FromRecords<T>(IEnumerable<T> records, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToArray();
        if (props.Length == 0)
            throw new ArgumentException($"Table.FromRecords: type {typeof(T).Name} has no public readable properties.", nameof(records));
        var table = new Table(title);
        foreach (var p in props)
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            bool isFloat = t == typeof(float) || t == typeof(double) || t == typeof(decimal);
            bool isInt = t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte)
                || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte);
            table.AddColumn(p.Name, isFloat || isInt ? Align.Right : Align.Left, isFloat ? "0.####" : null);
        }
        foreach (var r in records)
            table.AddRow(props.Select(p => r is null ? null : p.GetValue(r)).ToArray());
        return table;
    }

    /// <summary>A styled HTML table (caption = title, tfoot = footer rows).</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table class=\"course-table\" style=\"border-collapse:collapse;font:13px/1.4 sans-serif;margin:0.5em 0;\">");
        if (Title is not null)
            sb.Append("<caption style=\"caption-side:top;text-align:left;font-weight:600;padding:4px 0;\">").Append(HtmlUtil.Escape(Title)).Append("</caption>");
        sb.Append("<thead><tr>");
        for (int c = 0; c < _columns.Count; c++)
            sb.Append($"<th style=\"{CellStyle(c)}border-bottom:2px solid #444;font-weight:600;\">{HtmlUtil.Escape(_columns[c].Header)}</th>");
        sb.Append("</tr></thead><tbody>");
        for (int r = 0; r < _rows.Count; r++)
        {
            sb.Append(r % 2 == 1 ? "<tr style=\"background:#f6f6f6;\">" : "<tr>");
            for (int c = 0; c < _columns.Count; c++)
                sb.Append($"<td style=\"{CellStyle(c)}border-bottom:1px solid #ddd;\">{HtmlUtil.Escape(FormatCell(c, _rows[r][c]))}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody>");
        if (_footer.Count > 0)
        {
            sb.Append("<tfoot>");
            for (int r = 0; r < _footer.Count; r++)
            {
                sb.Append("<tr>");
                for (int c = 0; c < _columns.Count; c++)
                    sb.Append($"<td style=\"{CellStyle(c)}{(r == 0 ? "border-top:2px solid #444;" : "")}font-weight:600;\">{HtmlUtil.Escape(FormatCell(c, _footer[r][c]))}</td>");
                sb.Append("</tr>");
            }
            sb.Append("</tfoot>");
        }
        sb.Append("</table>");
        return sb.ToString();
    }

    private string CellStyle(int c) =>
        $"padding:3px 10px;text-align:{_columns[c].Align.ToString().ToLowerInvariant()};" +
        (_columns[c].Align == Align.Right ? "font-variant-numeric:tabular-nums;" : "");

    /// <summary>Aligned text with box-drawing borders, or ASCII (+, -, |) borders with <paramref name="ascii"/>.</summary>
    public string ToText(bool ascii = false)
    {
        var header = _columns.Select(c => c.Header).ToArray();
        var body = _rows.Select(r => r.Select((v, c) => FormatCell(c, v)).ToArray()).ToList();
        var foot = _footer.Select(r => r.Select((v, c) => FormatCell(c, v)).ToArray()).ToList();
        var widths = new int[_columns.Count];
        foreach (var line in body.Concat(foot).Prepend(header))
            for (int c = 0; c < line.Length; c++) widths[c] = Math.Max(widths[c], line[c].Length);

        // corners: top, middle, bottom rows of (left, join, right, horizontal); vertical
        var (tl, tj, tr, ml, mj, mr, bl, bj, br, h, v) = ascii
            ? ('+', '+', '+', '+', '+', '+', '+', '+', '+', '-', '|')
            : ('┌', '┬', '┐', '├', '┼', '┤', '└', '┴', '┘', '─', '│');
        string Rule(char l, char j, char r, char fill) =>
            l + string.Join(j, widths.Select(w => new string(fill, w + 2))) + r;
        string Line(string[] cells) =>
            v + string.Join(v, cells.Select((s, c) => " " + Pad(s, widths[c], _columns[c].Align) + " ")) + v;

        var sb = new StringBuilder();
        if (Title is not null) sb.AppendLine(Title);
        if (_columns.Count == 0) return sb.Append("(no columns)").ToString();
        sb.AppendLine(Rule(tl, tj, tr, h));
        sb.AppendLine(Line(header));
        sb.AppendLine(ascii ? Rule('+', '+', '+', '=') : Rule('╞', '╪', '╡', '═'));
        foreach (var row in body) sb.AppendLine(Line(row));
        if (foot.Count > 0)
        {
            sb.AppendLine(Rule(ml, mj, mr, h));
            foreach (var row in foot) sb.AppendLine(Line(row));
        }
        sb.Append(Rule(bl, bj, br, h));
        return sb.ToString();
    }

    private static string Pad(string s, int width, Align align) => align switch
    {
        Align.Right => s.PadLeft(width),
        Align.Center => s.PadLeft((width + s.Length) / 2).PadRight(width),
        _ => s.PadRight(width),
    };

    /// <summary>Same as <see cref="ToText"/> with box-drawing borders.</summary>
    public override string ToString() => ToText();
}
