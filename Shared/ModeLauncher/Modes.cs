namespace InstrumentationModes.ModeLauncher;

/// <summary>An instrumentation mode: its name for run-mode.sh, its server's project and the <c>service.name</c> run-mode.sh gives it.</summary>
public sealed record Mode(string Name, string Project, string ServiceName);

/// <summary>The instrumentation modes, read from <c>scripts/modes</c>, the list run-mode.sh reads too.</summary>
public static class Modes
{
    public static IReadOnlyList<Mode> All { get; } = Read(Path.Combine(Repository.Root, "scripts", "modes"));

    public static IReadOnlyList<string> Names { get; } = All.Select(mode => mode.Name).ToList();

    public static string ServiceOf(string mode) =>
        All.SingleOrDefault(candidate => candidate.Name == mode)?.ServiceName ?? throw new ArgumentException($"Unknown mode '{mode}'.", nameof(mode));

    private static List<Mode> Read(string path) =>
        File.ReadLines(path)
            .Where(line => line.Trim().Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries))
            .Select(fields => new Mode(fields[0], fields[1], fields[2]))
            .ToList();
}
