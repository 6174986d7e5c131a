namespace InstrumentationModes;

/// <summary>
/// The lab's <c>LAB_METRICS_DROP</c>: instrument names (with <c>*</c> wildcards, as metric views take them) whose
/// streams a view drops, the way a user drops instruments nobody charts. The one reader of that list, compiled into
/// the agent and the lab's hosting startup, which apply it.
/// </summary>
internal static class DroppedInstruments
{
    public const string Variable = "LAB_METRICS_DROP";

    public static IReadOnlyList<string> Parse(Func<string, string?> variable) =>
        (variable(Variable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
