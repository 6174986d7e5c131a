using System.Diagnostics;

namespace InstrumentationModes.ModeLauncher;

/// <summary><c>scripts/run-mode.sh</c> invocations, with only the telemetry settings the caller gives.</summary>
public static class RunModeCommand
{
    /// <summary>
    /// A start of <c>run-mode.sh ARGUMENTS</c> from the repository root. The caller's own <c>OTEL_*</c>, port and
    /// agent settings are removed, so that a run depends only on <paramref name="environment"/>.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Repository.Root,
        };
        startInfo.ArgumentList.Add(Repository.RunModeScript);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(IsInheritedTelemetrySetting).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    /// <summary>Runs a mode that ends by itself (<c>client</c>, <c>build</c>) and returns its exit code and output.</summary>
    public static async Task<CommandResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"run-mode.sh {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    private static bool IsInheritedTelemetrySetting(string name) =>
        name.StartsWith("OTEL_", StringComparison.Ordinal) || name is "DOTNET_STARTUP_HOOKS" or "PORT" or "ASPNETCORE_URLS";
}

/// <summary>How a finished command ended and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error);
