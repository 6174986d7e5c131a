namespace InstrumentationModes.LoadRunner;

/// <summary>
/// A stage of the cost breakdown (<c>--variants</c>): an instrumented mode run again with one OpenTelemetry setting
/// changed, so that the difference in server CPU per request between stages says what each step costs. The mode's
/// own run is the last stage (span recorded and exported over OTLP, no console exporter).
/// </summary>
public sealed record ServerVariant(string Name, string Variable, string Value, string Stage)
{
    /// <summary>The instrumentation runs, but the sampler records nothing (the SDK 1.20 reads <c>OTEL_TRACES_SAMPLER</c>).</summary>
    public static readonly ServerVariant SamplerOff = new("sampler-off", "OTEL_TRACES_SAMPLER", "always_off", "instrumentation, nothing sampled");

    /// <summary>Every span is created, sampled, filled and ended, then dropped: no queue, no export.</summary>
    public static readonly ServerVariant ExporterNone = new("exporter-none", "OTEL_TRACES_EXPORTER", "none", "span recorded, not exported");

    /// <summary>In the order the stages add work.</summary>
    public static IReadOnlyList<ServerVariant> All { get; } = [SamplerOff, ExporterNone];

    private const char Separator = ':';

    /// <summary>The name a run of <paramref name="mode"/> in this variant goes by in the results, e.g. <c>manual:exporter-none</c>.</summary>
    public string Of(string mode) => $"{mode}{Separator}{Name}";

    /// <summary>The mode to start and the variant, if any, of a name from <see cref="Of"/>.</summary>
    public static (string Mode, ServerVariant? Variant) Split(string runMode)
    {
        var separator = runMode.IndexOf(Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return (runMode, null);
        }

        var name = runMode[(separator + 1)..];
        return (runMode[..separator], All.FirstOrDefault(variant => variant.Name == name) ?? throw new ArgumentException($"Unknown variant '{name}'.", nameof(runMode)));
    }

    /// <summary>The server's environment with this variant's one setting changed.</summary>
    public IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> environment) =>
        new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal) { [Variable] = Value };
}
