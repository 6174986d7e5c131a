using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace InstrumentationModes.MicroBenchmarks;

/// <summary>A sample's own <c>Program.cs</c> run in this process on a <see cref="TestServer"/>.</summary>
internal interface ISampleApp : IAsyncDisposable
{
    TestServer Server { get; }

    IServiceProvider Services { get; }
}

internal static class SampleApp
{
    /// <summary>
    /// Runs the entry point of the sample assembly <paramref name="assemblyName"/> under WebApplicationFactory, which
    /// intercepts the host its <c>Main</c> builds. The samples' <c>Program</c> types are internal (and all three are
    /// named alike), so the factory is made for the entry point's type by reflection rather than named in code.
    /// </summary>
    public static ISampleApp Start(string assemblyName)
    {
        var entryPoint = Assembly.Load(assemblyName).EntryPoint?.DeclaringType
            ?? throw new InvalidOperationException($"{assemblyName} has no entry point.");
        var app = (ISampleApp)Activator.CreateInstance(typeof(SampleFactory<>).MakeGenericType(entryPoint))!;
        _ = app.Server;
        return app;
    }

    private sealed class SampleFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, ISampleApp
        where TEntryPoint : class
    {
        // The environment the variables name, as run-mode.sh starts a sample, rather than the factory's Development
        // (where the samples add a console exporter).
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseEnvironment(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production);
    }
}
