using System.Globalization;

namespace InstrumentationModes.LoadRunner;

/// <summary>A server's CPU time and peak memory, read from <c>/proc</c> (the server is the pid run-mode.sh execs into).</summary>
public static class ProcessStats
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat, 100 on every Linux the SDK runs on.
    private const int ClockTicksPerSecond = 100;

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static TimeSpan CpuTime(int processId) =>
        TimeSpan.FromSeconds((double)ParseCpuTicks(File.ReadAllText($"/proc/{processId}/stat")) / ClockTicksPerSecond);

    /// <summary>Like <see cref="CpuTime"/>, but null when the process has already gone (e.g. it crashed under load).</summary>
    public static TimeSpan? TryCpuTime(int processId) => Try(() => CpuTime(processId));

    /// <summary>Like <see cref="PeakResidentBytes"/>, but null when the process has already gone.</summary>
    public static long? TryPeakResidentBytes(int processId) => Try(() => PeakResidentBytes(processId));

    /// <summary>Peak resident set size (VmHWM) in bytes.</summary>
    public static long PeakResidentBytes(int processId) => ParsePeakResidentBytes(File.ReadAllText($"/proc/{processId}/status"));

    /// <summary>utime + stime (fields 14 and 15) of a <c>/proc/PID/stat</c> line, in clock ticks.</summary>
    public static long ParseCpuTicks(string stat)
    {
        // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
        var afterName = stat.LastIndexOf(')');
        if (afterName < 0)
        {
            throw new FormatException("No command name in /proc stat line.");
        }

        // Fields from 3 (state) on; utime is field 14, so index 11 here.
        var fields = stat[(afterName + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13)
        {
            throw new FormatException("Too few fields in /proc stat line.");
        }

        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The <c>VmHWM:  1234 kB</c> line of <c>/proc/PID/status</c>, in bytes.</summary>
    public static long ParsePeakResidentBytes(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts is [var kilobytes, "kB"])
                {
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        throw new FormatException("No VmHWM line in /proc status.");
    }

    private static T? Try<T>(Func<T> read)
        where T : struct
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
