using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace InstrumentationModes.LoadRunner;

/// <summary>What the figures were measured on, for the report's header.</summary>
public sealed record MachineInfo(
    string Cpu,
    int Cores,
    string Memory,
    string OperatingSystem,
    string DotNet,
    string OpenTelemetry)
{
    public static MachineInfo Detect(string repositoryRoot) => new(
        Cpu: FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Memory: FirstValue("/proc/meminfo", "MemTotal") is { } total ? $"{long.Parse(total.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:0.#} GiB" : "unknown",
        OperatingSystem: $"{OsName()}, kernel {Environment.OSVersion.Version}",
        DotNet: $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        OpenTelemetry: PinnedVersion(repositoryRoot, "OpenTelemetry") is { } version ? $"OpenTelemetry SDK {version}, OTLP exporter {PinnedVersion(repositoryRoot, "OpenTelemetry.Exporter.OpenTelemetryProtocol")}" : "unknown");

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;

    private static string? FirstValue(string file, string key) =>
        File.Exists(file)
            ? File.ReadLines(file).Select(line => line.Split(':', 2)).FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim() == key)?[1].Trim()
            : null;

    /// <summary>The central version pin every server builds with.</summary>
    private static string? PinnedVersion(string repositoryRoot, string package)
    {
        var props = Path.Combine(repositoryRoot, "Directory.Packages.props");
        return File.Exists(props)
            ? XDocument.Load(props).Descendants("PackageVersion").FirstOrDefault(pin => (string?)pin.Attribute("Include") == package)?.Attribute("Version")?.Value
            : null;
    }
}
