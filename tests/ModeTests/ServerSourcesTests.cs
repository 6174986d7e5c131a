using System.Text;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>The three servers differ only in instrumentation, and the automatic one has none at all.</summary>
public sealed class ServerSourcesTests
{
    // The instrumentation statements of the manual and programmatic servers (the OpenTelemetry set-up, the exclusion
    // list, the OTLP switch, the manual middleware); everything else must be the automatic server. Comments are not compared.
    private static readonly string[] InstrumentationMarkers = ["OpenTelemetry", "openTelemetry", "OTEL_", "excludedPaths", "ManualInstrumentation"];

    public static TheoryData<string> SharedFiles => new(["ServerEndpoints.cs", "appsettings.json"]);

    [Theory]
    [MemberData(nameof(SharedFiles))]
    public void TheRoutesAndSettingsAreTheSameFileInEverySample(string file)
    {
        var copies = Modes.All.Select(mode => File.ReadAllBytes(Path.Combine(Repository.Root, Path.GetDirectoryName(mode.Project)!, file))).ToList();

        Assert.All(copies, copy => Assert.Equal(copies[0], copy));
    }

    [Theory]
    [InlineData("ServerManual")]
    [InlineData("ServerProgrammatic")]
    public void ProgramDiffersFromTheAutomaticServerOnlyByInstrumentation(string server)
    {
        var automatic = ProgramLines("ServerAutomatic");

        var withoutInstrumentation = ProgramLines(server)
            .Where(line => !InstrumentationMarkers.Any(marker => line.Contains(marker, StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(automatic, withoutInstrumentation);
    }

    [Fact]
    public async Task TheAutomaticServerNamesOpenTelemetryNowhereEvenAfterABuild()
    {
        await ModeProcess.EnsureBuiltAsync();
        var folder = Path.Combine(Repository.Root, "ServerAutomatic");

        var mentions = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => Encoding.Latin1.GetString(File.ReadAllBytes(file)).Contains("opentelemetry", StringComparison.OrdinalIgnoreCase))
            .Select(file => Path.GetRelativePath(folder, file))
            .ToList();

        Assert.Empty(mentions);
    }

    // The statements of a Program.cs, with the lines that only continue one (indented, or a brace) folded into it.
    private static List<string> ProgramLines(string server)
    {
        var statements = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Repository.Root, server, "Program.cs"))
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("//", StringComparison.Ordinal)))
        {
            if ((line.StartsWith(' ') || line.StartsWith('{') || line.StartsWith('}')) && statements.Count > 0)
            {
                statements[^1] += " " + line.Trim();
            }
            else
            {
                statements.Add(line);
            }
        }

        return statements;
    }
}
