using System.Text;

namespace InstrumentationModes.Compare;

/// <summary>One row per span field, one column per mode, differences marked.</summary>
public static class ComparisonTable
{
    public const string DifferenceMark = "≠";
    public const string DesignMark = "by design";

    // As a person reads a span: what it is and where it sits, then its attributes, then who sent it.
    private static readonly string[] LeadingFields = ["name", "span_kind", "status", "trace", "parent"];

    /// <summary>The fields (not designed to differ) whose values are not the same in every mode.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, NormalisedSpan> spansByMode) =>
        spansByMode.Values.SelectMany(span => span.Fields.Keys).Distinct()
            .Where(field => spansByMode.Values.Select(span => span.Fields.GetValueOrDefault(field)).Distinct().Count() > 1)
            .OrderBy(ReadingOrder).ThenBy(field => field, StringComparer.Ordinal)
            .ToList();

    public static string Render(IReadOnlyDictionary<string, NormalisedSpan> spansByMode)
    {
        var modes = spansByMode.Keys.ToList();
        var differences = Differences(spansByMode).ToHashSet();
        List<string[]> rows = [["", "field", .. modes]];
        foreach (var field in spansByMode.Values.SelectMany(span => span.Fields.Keys).Distinct()
            .OrderBy(ReadingOrder).ThenBy(field => field, StringComparer.Ordinal))
        {
            rows.Add([differences.Contains(field) ? DifferenceMark : "", field, .. modes.Select(mode => spansByMode[mode].Fields.GetValueOrDefault(field) ?? "(missing)")]);
        }

        foreach (var field in spansByMode.Values.SelectMany(span => span.DifferByDesign.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            rows.Add([DesignMark, field, .. modes.Select(mode => spansByMode[mode].DifferByDesign.GetValueOrDefault(field) ?? "(missing)")]);
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

    private static int ReadingOrder(string field) =>
        Array.IndexOf(LeadingFields, field) is var leading and >= 0 ? leading
        : field.StartsWith("attribute.", StringComparison.Ordinal) ? LeadingFields.Length
        : LeadingFields.Length + 1;
}
