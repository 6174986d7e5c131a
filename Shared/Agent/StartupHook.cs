using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// Entry point of the agent, found by the runtime through <c>DOTNET_STARTUP_HOOKS</c> (the name and shape are
/// the runtime's convention) before the application's <c>Main</c>, as the official agent's startup hook is.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        // The hook's dependencies (the OpenTelemetry SDK) are not on the application's probing path: they are
        // resolved from the hook's own folder, and touched only once this handler is in place.
        var agentFolder = Path.GetDirectoryName(typeof(StartupHook).Assembly.Location)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(agentFolder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };

        try
        {
            InstrumentationModes.Agent.Agent.Start(Assembly.GetEntryAssembly()?.GetName().Name);
        }
        catch (Exception exception)
        {
            // An agent must never take the application down with it.
            Console.Error.WriteLine($"OpenTelemetry agent: not started: {exception.GetType().Name}: {exception.Message}");
        }
    }
}
