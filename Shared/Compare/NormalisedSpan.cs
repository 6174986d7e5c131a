using System.Globalization;
using InstrumentationModes.DataKit;

namespace InstrumentationModes.Compare;

/// <summary>
/// A server span as the endpoint received it, with what legitimately differs between modes taken out: ids and
/// times become relations to the client's spans, the port becomes a placeholder, and the fields that differ by
/// design (scope, service) are kept apart so a reader sees them without their counting as differences.
/// </summary>
public sealed record NormalisedSpan(IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> DifferByDesign)
{
    /// <summary>The scope and the service legitimately differ between modes (SPEC §2).</summary>
    public static readonly IReadOnlySet<string> DesignedDifferences = new HashSet<string>
    {
        "scope.name", "scope.version", "resource.service.name", "resource.service.instance.id",
    };

    /// <summary>
    /// <paramref name="span"/> seen from the request that caused it: a child of <paramref name="clientServer"/>
    /// (the client's <c>client-server</c> span, if any), served on <paramref name="serverPort"/>.
    /// </summary>
    public static NormalisedSpan From(ReceivedSpan span, ReceivedSpan? clientServer, int serverPort)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = span.Resource,
            ["span_kind"] = span.SpanKind,
            ["status"] = $"{span.Status} ({span.StatusCode})",
            ["trace"] = clientServer is null ? (span.IsRoot ? "new root trace" : "other trace")
                : span.TraceId == clientServer.TraceId ? "client's trace" : "other trace",
            ["parent"] = span.IsRoot ? "none (root)"
                : clientServer is not null && span.ParentId == clientServer.SpanId ? "client-server" : "other span",
        };
        foreach (var (name, value) in span.Attributes)
        {
            fields["attribute." + name] = name == "server.port" && value is long port && port == serverPort
                ? "<server port> (int)"
                : Describe(value);
        }

        foreach (var (name, value) in span.ResourceAttributes)
        {
            fields["resource." + name] = Describe(value);
        }

        fields["scope.name"] = span.ScopeName;
        fields["scope.version"] = span.ScopeVersion;
        var designed = fields.Where(field => DesignedDifferences.Contains(field.Key)).ToDictionary();
        foreach (var name in designed.Keys)
        {
            fields.Remove(name);
        }

        return new NormalisedSpan(fields, designed);
    }

    /// <summary>A value with its OTLP type, so that <c>200</c> and <c>"200"</c> never look alike.</summary>
    public static string Describe(object value) => value switch
    {
        string text => $"\"{text}\" (string)",
        long number => number.ToString(CultureInfo.InvariantCulture) + " (int)",
        double number => number.ToString("R", CultureInfo.InvariantCulture) + " (double)",
        bool flag => (flag ? "true" : "false") + " (bool)",
        byte[] bytes => Convert.ToHexString(bytes) + " (bytes)",
        object[] items => "[" + string.Join(", ", items.Select(Describe)) + "] (array)",
        _ => $"{value} ({value.GetType().Name})",
    };
}
