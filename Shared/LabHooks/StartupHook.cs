using InstrumentationModes.LabHooks;

/// <summary>
/// Found by the runtime through <c>DOTNET_STARTUP_HOOKS</c> (the name and shape are the runtime's convention), before
/// the application or any agent reads a variable.
/// </summary>
internal static class StartupHook
{
    // Listens as long as the process lives, as the exporters it listens to.
    private static OtlpExportFailureReporter? failureReporter;

    private static DroppedItemsReporter? DroppedItems { get; set; }

    public static void Initialize()
    {
        foreach (var (name, problem) in OtelVariables.Problems(Environment.GetEnvironmentVariable).ToList())
        {
            Console.Error.WriteLine("OpenTelemetry: " + problem);
            Environment.SetEnvironmentVariable(name, null);
        }

        failureReporter = new OtlpExportFailureReporter(Console.Error, OtlpExportFailureReporter.HeaderSecrets(Environment.GetEnvironmentVariable));
        DroppedItems = new DroppedItemsReporter(Console.Error);
        PortInUse.Watch(failureReporter);
    }
}
