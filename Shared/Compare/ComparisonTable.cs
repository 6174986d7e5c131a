using System.Text;

namespace InstrumentationModes.Compare;

/// <summary>
/// One row per field of each item (span, log record, metric point), differences marked: as a listing that fits a
/// terminal (one value where the modes agree, each mode's where they differ) or as the full table, a column per mode.
/// </summary>
public static class ComparisonTable
{
    public const string DifferenceMark = "≠";
    public const string DesignMark = "by design";

    /// <summary>The width the listing fits when no terminal gives one: a file, a pipe, the README.</summary>
    public const int DefaultWidth = 100;

    // Narrower than this, a value would break every few characters: past it a narrow terminal wraps the line itself.
    private const int MinimumWidth = 20;

    // A longer field name takes a line of its own rather than pushing every item's values to the right.
    private const int MaximumFieldWidth = 40;

    // The gutter holds the difference mark, the gap separates a field from its value and a mode's name from its value.
    private const int GutterWidth = 2;
    private const int GapWidth = 2;

    // As a person reads an item: what it is and where it sits, then its values and attributes, then who sent it.
    private static readonly string[] LeadingFields =
        ["name", "span_kind", "status", "severity", "body", "kind", "unit", "description", "trace", "parent", "span", "count", "value", "bounds"];

    private sealed record Row(string Item, string Field, bool Designed, IReadOnlyList<string> Values)
    {
        public bool Agrees => Values.Distinct().Count() == 1;
    }

    /// <summary>The items in reading order: each mode's own order, the first mode's first.</summary>
    public static IReadOnlyList<string> Items(IReadOnlyDictionary<string, NormalisedTelemetry> byMode) =>
        byMode.Values.SelectMany(telemetry => telemetry.Items.Select(item => item.Key)).Distinct().ToList();

    /// <summary>The fields (not designed to differ) whose values are not the same in every mode, as <c>item: field</c>.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, NormalisedTelemetry> byMode) =>
        Rows(byMode).Where(row => !row.Designed && !row.Agrees).Select(row => $"{row.Item}: {row.Field}").ToList();

    /// <summary>
    /// The listing, <paramref name="width"/> columns wide: each item, then a line per field with its value when the
    /// modes agree, or a line per mode when they differ; values too long for a line go on on the lines below.
    /// </summary>
    public static string Render(IReadOnlyDictionary<string, NormalisedTelemetry> byMode, int width = DefaultWidth)
    {
        var modes = byMode.Keys.ToList();
        var rows = Rows(byMode).ToList();
        var fieldWidth = Math.Min(MaximumFieldWidth, rows.Select(row => Nesting(row).Length + row.Field.Length).DefaultIfEmpty(0).Max());
        var valueColumn = new string(' ', GutterWidth + fieldWidth + GapWidth);
        var labelWidth = modes.Select(mode => mode.Length).DefaultIfEmpty(0).Max() + GapWidth;
        var listing = new StringBuilder();
        Row? previous = null;
        foreach (var row in rows)
        {
            if (row.Item != previous?.Item)
            {
                if (previous is not null)
                {
                    listing.AppendLine();
                }

                foreach (var line in Wrap(row.Item, width))
                {
                    listing.AppendLine(line);
                }
            }

            if (row.Designed && (previous is not { Designed: true } || row.Item != previous.Item))
            {
                listing.AppendLine(new string(' ', GutterWidth) + DesignMark + ":");
            }

            var field = (!row.Designed && !row.Agrees ? DifferenceMark : "").PadRight(GutterWidth) + Nesting(row) + row.Field;
            var lines = row.Agrees
                ? Wrap(Shown(row.Values[0]), width - valueColumn.Length)
                : modes.SelectMany((mode, index) => Wrap(Shown(row.Values[index]), width - valueColumn.Length - labelWidth)
                    .Select((line, continuation) => (continuation == 0 ? mode : "").PadRight(labelWidth) + line));
            if (field.Length > valueColumn.Length - GapWidth)
            {
                listing.AppendLine(field);
                field = "";
            }

            foreach (var line in lines)
            {
                listing.AppendLine((field.PadRight(valueColumn.Length) + line).TrimEnd());
                field = "";
            }

            previous = row;
        }

        return listing.ToString();
    }

    /// <summary>The full table, in markdown: a column per mode, every value written out, the mark in the first column.</summary>
    public static string RenderMarkdown(IReadOnlyDictionary<string, NormalisedTelemetry> byMode)
    {
        List<string[]> rows = [["", "item", "field", .. byMode.Keys]];
        string? previous = null;
        foreach (var row in Rows(byMode))
        {
            rows.Add([row.Designed ? DesignMark : row.Agrees ? "" : DifferenceMark, row.Item == previous ? "" : row.Item, row.Field, .. row.Values]);
            previous = row.Item;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            table.AppendLine("| " + string.Join(" | ", row.Select((cell, column) => cell.PadRight(widths[column]))) + " |");
            if (index == 0)
            {
                table.AppendLine("|" + string.Join("|", widths.Select(width => new string('-', width + 2))) + "|");
            }
        }

        return table.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> characters (never fewer than 20), broken at
    /// a space where there is one, else inside the word; every character but the spaces broken at is kept.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width)
    {
        width = Math.Max(width, MinimumWidth);
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var rest = paragraph;
            while (rest.Length > width)
            {
                var space = rest.LastIndexOf(' ', width);
                yield return space > 0 ? rest[..space] : rest[..width];
                rest = space > 0 ? rest[(space + 1)..] : rest[width..];
            }

            yield return rest;
        }
    }

    private static IEnumerable<Row> Rows(IReadOnlyDictionary<string, NormalisedTelemetry> byMode) =>
        Items(byMode).SelectMany(item => new[] { false, true }.SelectMany(designed => Fields(byMode, item, designed)
            .Select(field => new Row(item, field, designed, byMode.Values.Select(telemetry => Value(telemetry, item, field, designed)).ToList()))));

    // The fields that differ by design sit under their own heading, indented below it.
    private static string Nesting(Row row) => row.Designed ? "  " : "";

    // An empty value (a scope without a version) would leave the reader looking for a value that scrolled away.
    private static string Shown(string value) => value.Length == 0 ? "(empty)" : value;

    private static IEnumerable<string> Fields(IReadOnlyDictionary<string, NormalisedTelemetry> byMode, string item, bool designed) =>
        byMode.Values.SelectMany(telemetry => Find(telemetry, item) is { } found ? (designed ? found.DifferByDesign : found.Fields).Keys : [])
            .Distinct()
            .OrderBy(ReadingOrder).ThenBy(field => field, StringComparer.Ordinal);

    private static string Value(NormalisedTelemetry telemetry, string item, string field, bool designed) =>
        Find(telemetry, item) is { } found && (designed ? found.DifferByDesign : found.Fields).TryGetValue(field, out var value) ? value : "(missing)";

    private static NormalisedItem? Find(NormalisedTelemetry telemetry, string item) =>
        telemetry.Items.FirstOrDefault(candidate => candidate.Key == item).Value;

    private static int ReadingOrder(string field) =>
        Array.IndexOf(LeadingFields, field) is var leading and >= 0 ? leading
        : field.StartsWith("attribute.", StringComparison.Ordinal) ? LeadingFields.Length
        : LeadingFields.Length + 1;
}
