using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>One server per mode for a whole test class, printing its spans to the console only.</summary>
public abstract class ModeFixture(string mode) : IAsyncLifetime
{
    public string Mode { get; } = mode;

    public string ServiceName { get; } = Modes.ServiceOf(mode);

    public ModeProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ModeProcess.StartAsync(Mode, new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class ManualMode() : ModeFixture("manual");

public sealed class AutoMode() : ModeFixture("auto");

public sealed class ProgrammaticMode() : ModeFixture("programmatic");
