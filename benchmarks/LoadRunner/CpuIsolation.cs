using System.Diagnostics;
using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.LoadRunner;

/// <summary>
/// Which CPUs the server under test runs on and which the harness (load generator and endpoint) does, so that the
/// server's CPU time per request is not disturbed by the harness competing for the same core. On by default
/// wherever the harness may use at least two CPUs: the server gets the last one, the harness the others.
/// </summary>
public sealed record CpuIsolation(bool Enabled, IReadOnlyList<int> ServerCpus, IReadOnlyList<int> HarnessCpus, string Summary)
{
    public static CpuIsolation Plan(bool requested, IReadOnlyList<int> allowedCpus)
    {
        var all = allowedCpus.Order().ToList();
        if (!requested)
        {
            return Off("off (--no-isolation): server, load generator and endpoint share CPUs " + CpuList(all), all);
        }

        if (all.Count < 2)
        {
            return Off($"off: only CPU {CpuList(all)} is available, so server, load generator and endpoint share it", all);
        }

        List<int> server = [all[^1]];
        List<int> harness = all[..^1];
        return new CpuIsolation(
            true,
            server,
            harness,
            $"server under test pinned to CPU {CpuList(server)}, load generator and endpoint (the harness) to CPU {CpuList(harness)} (taskset; checked in /proc for every server)");
    }

    /// <summary>The CPUs this process may run on (<c>Cpus_allowed_list</c> of <c>/proc/self/status</c>).</summary>
    public static IReadOnlyList<int> AllowedCpus() => AllowedCpus(Environment.ProcessId) ?? [.. Enumerable.Range(0, Environment.ProcessorCount)];

    /// <summary>The CPUs a process may run on; null when it has gone.</summary>
    public static IReadOnlyList<int>? AllowedCpus(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(text => text.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line is null ? null : ParseCpuList(line["Cpus_allowed_list:".Length..]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The kernel's CPU list format: <c>0-2,4</c> is CPUs 0, 1, 2 and 4.</summary>
    public static IReadOnlyList<int> ParseCpuList(string list)
    {
        var cpus = new SortedSet<int>();
        foreach (var part in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-');
            var first = int.Parse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture);
            var last = bounds.Length == 2 ? int.Parse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture) : first;
            if (bounds.Length > 2 || last < first)
            {
                throw new FormatException($"Not a CPU range: '{part}'.");
            }

            cpus.UnionWith(Enumerable.Range(first, last - first + 1));
        }

        return [.. cpus];
    }

    /// <summary>The shortest list the kernel and taskset read: <c>[0, 1, 2, 4]</c> is <c>0-2,4</c>.</summary>
    public static string CpuList(IEnumerable<int> cpus)
    {
        var ranges = new List<(int First, int Last)>();
        foreach (var cpu in cpus.Distinct().Order())
        {
            if (ranges.Count > 0 && ranges[^1].Last == cpu - 1)
            {
                ranges[^1] = (ranges[^1].First, cpu);
            }
            else
            {
                ranges.Add((cpu, cpu));
            }
        }

        return string.Join(',', ranges.Select(range => range.First == range.Last ? Invariant($"{range.First}") : Invariant($"{range.First}-{range.Last}")));
    }

    /// <summary>
    /// What a server start needs on top of its own environment to run on <see cref="ServerCpus"/>: bash sources
    /// <c>BASH_ENV</c> before <c>run-mode.sh</c>, and the pin it sets there survives the exec into dotnet.
    /// </summary>
    public IReadOnlyDictionary<string, string> LaunchEnvironment(IReadOnlyDictionary<string, string> serverEnvironment)
    {
        var environment = new SortedDictionary<string, string>(serverEnvironment.ToDictionary(), StringComparer.Ordinal);
        if (Enabled)
        {
            environment["BASH_ENV"] = Path.Combine(Repository.Root, "benchmarks", "LoadRunner", "pin-server.sh");
            environment["LOADRUNNER_SERVER_CPUS"] = CpuList(ServerCpus);
        }

        return environment;
    }

    /// <summary>Pins every thread of this process (load generator and endpoint) to <see cref="HarnessCpus"/>; new threads inherit it.</summary>
    public void PinHarness()
    {
        if (!Enabled)
        {
            return;
        }

        var startInfo = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--all-tasks", "--cpu-list", "--pid", CpuList(HarnessCpus), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var taskset = StartTaskset(startInfo);
        var output = taskset.StandardOutput.ReadToEndAsync();
        var error = taskset.StandardError.ReadToEndAsync();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not pin the harness to CPU {CpuList(HarnessCpus)}: {error.Result.Trim()}{output.Result.Trim()}");
        }
    }

    private static Process StartTaskset(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"taskset (util-linux) could not be started: {exception.Message}", exception);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static CpuIsolation Off(string summary, IReadOnlyList<int> all) => new(false, all, all, summary);
}
