using System.Text;

namespace InstrumentationModes.Compare;

/// <summary>One row per field of each item (span, log record, metric point), one column per mode, differences marked.</summary>
public static class ComparisonTable
{
    public const string DifferenceMark = "≠";
    public const string DesignMark = "by design";

    // As a person reads an item: what it is and where it sits, then its values and attributes, then who sent it.
    private static readonly string[] LeadingFields =
        ["name", "span_kind", "status", "severity", "body", "kind", "unit", "description", "trace", "parent", "span", "count", "value", "bounds"];

    /// <summary>The items in reading order: each mode's own order, the first mode's first.</summary>
    public static IReadOnlyList<string> Items(IReadOnlyDictionary<string, NormalisedTelemetry> byMode) =>
        byMode.Values.SelectMany(telemetry => telemetry.Items.Select(item => item.Key)).Distinct().ToList();

    /// <summary>The fields (not designed to differ) whose values are not the same in every mode, as <c>item: field</c>.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, NormalisedTelemetry> byMode) =>
        Items(byMode).SelectMany(item => Fields(byMode, item, designed: false)
                .Where(field => byMode.Values.Select(telemetry => Value(telemetry, item, field, designed: false)).Distinct().Count() > 1)
                .Select(field => $"{item}: {field}"))
            .ToList();

    public static string Render(IReadOnlyDictionary<string, NormalisedTelemetry> byMode)
    {
        var modes = byMode.Keys.ToList();
        var differences = Differences(byMode).ToHashSet();
        List<string[]> rows = [["", "item", "field", .. modes]];
        foreach (var item in Items(byMode))
        {
            var first = rows.Count;
            foreach (var field in Fields(byMode, item, designed: false))
            {
                rows.Add([differences.Contains($"{item}: {field}") ? DifferenceMark : "", "", field, .. modes.Select(mode => Value(byMode[mode], item, field, designed: false))]);
            }

            foreach (var field in Fields(byMode, item, designed: true))
            {
                rows.Add([DesignMark, "", field, .. modes.Select(mode => Value(byMode[mode], item, field, designed: true))]);
            }

            rows[first][1] = item;
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
