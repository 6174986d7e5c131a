using InstrumentationModes.Telemetry.AspNetCore;

namespace InstrumentationModes.ModeTests.Units;

public sealed class AspNetCoreTraceInstrumentationOptionsTests
{
    [Fact]
    public void HealthChecksAreExcludedByDefault()
    {
        Assert.Null(Environment.GetEnvironmentVariable(AspNetCoreTraceInstrumentationOptions.ExcludedPathsVariable));

        Assert.Equal(["/healthz"], new AspNetCoreTraceInstrumentationOptions().ExcludedPaths);
    }

    [Fact]
    public void QueryValuesAreRedactedByDefault() =>
        Assert.False(new AspNetCoreTraceInstrumentationOptions().DisableUrlQueryRedaction);
}
