using System.Globalization;

namespace InstrumentationModes.Compare;

/// <summary>
/// One received item (a span, a metric point, a log record) as fields a reader compares across modes, with what
/// legitimately differs between modes taken out: ids and times become relations to the client's spans, the port
/// a placeholder, and the fields that differ by design (scope, service) are kept apart so that a reader sees them
/// without their counting as differences.
/// </summary>
public sealed record NormalisedItem(IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> DifferByDesign)
{
    /// <summary>The scope and the service legitimately differ between modes.</summary>
    public static readonly IReadOnlySet<string> DesignedDifferences = new HashSet<string>
    {
        "scope.name", "scope.version", "resource.service.name", "resource.service.instance.id",
    };

    /// <summary>Splits <paramref name="fields"/> into the compared ones and those that differ by design.</summary>
    public static NormalisedItem From(IDictionary<string, string> fields)
    {
        var designed = fields.Where(field => DesignedDifferences.Contains(field.Key)).ToDictionary();
        return new NormalisedItem(
            fields.Where(field => !DesignedDifferences.Contains(field.Key)).ToDictionary(StringComparer.Ordinal), designed);
    }

    /// <summary>A value with its OTLP type, so that <c>200</c> and <c>"200"</c> never look alike.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "(none)",
        string text => $"\"{text}\" (string)",
        long number => number.ToString(CultureInfo.InvariantCulture) + " (int)",
        double number => number.ToString("R", CultureInfo.InvariantCulture) + " (double)",
        bool flag => (flag ? "true" : "false") + " (bool)",
        byte[] bytes => Convert.ToHexString(bytes) + " (bytes)",
        object[] items => "[" + string.Join(", ", items.Select(Describe)) + "] (array)",
        _ => $"{value} ({value.GetType().Name})",
    };
}
