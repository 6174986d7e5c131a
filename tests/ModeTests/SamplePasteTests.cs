using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>
/// What a user does with a sample: its files (<c>*.cs</c>, <c>appsettings*.json</c>) copied unchanged into a new
/// <c>dotnet new web</c> app that references only the official packages the sample's project names, at the versions
/// this repository pins; built with warnings as errors, run, and asked for <c>/server_request</c>, which prints its
/// span on the console (the automatic sample under the agent, attached as run-mode.sh attaches it).
/// </summary>
public sealed class SamplePasteTests
{
    public static TheoryData<string> Samples => new(Modes.Names);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task ASamplesFilesPastedIntoANewWebAppBuildAndServeTheSpan(string mode)
    {
        await ModeProcess.EnsureBuiltAsync();
        var sample = Path.Combine(Repository.Root, Path.GetDirectoryName(Modes.All.Single(candidate => candidate.Name == mode).Project)!);
        var app = Directory.CreateTempSubdirectory("pasted-sample-").FullName;
        try
        {
            await RunAsync(app, "dotnet", "new", "web", "--name", "PastedApp", "--output", app, "--force");
            foreach (var file in Directory.EnumerateFiles(sample, "*.cs").Concat(Directory.EnumerateFiles(sample, "appsettings*.json")))
            {
                File.Copy(file, Path.Combine(app, Path.GetFileName(file)), overwrite: true);
            }

            ReferenceTheSamplesPackages(Path.Combine(sample, Path.GetFileName(sample) + ".csproj"), Path.Combine(app, "PastedApp.csproj"));
            await RunAsync(app, "dotnet", "build", "-c", "Release", "--nologo", "-p:TreatWarningsAsErrors=true");

            var port = LoopbackPorts.Free();
            var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
            if (mode == "auto")
            {
                environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(Repository.Root, "Shared", "Agent", "bin", "Release", "net10.0", "InstrumentationModes.Agent.dll");
                environment["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = "InstrumentationModes.Agent";
                environment["OTEL_TRACES_EXPORTER"] = "console";
                environment["OTEL_METRICS_EXPORTER"] = "none";
                environment["OTEL_LOGS_EXPORTER"] = "none";
            }

            var output = await ServeOneRequestAsync(app, port, environment);

            var span = Assert.Single(ConsoleSpans.Parse(output.Split('\n')), candidate => candidate.Name == "GET /server_request");
            Assert.Equal("Server", span.Kind);
            Assert.Equal("/server_request", span.Tags["http.route"]);
            Assert.Equal("?param=Redacted", span.Tags["url.query"]);
            Assert.Equal("200", span.Tags["http.response.status_code"]);
            Assert.Contains("param=\"pasted\"", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    // The sample's own PackageReference items, with the versions Directory.Packages.props pins for them.
    private static void ReferenceTheSamplesPackages(string sampleProject, string appProject)
    {
        var pinned = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(package => (string)package.Attribute("Include")!, package => (string)package.Attribute("Version")!);
        var references = XDocument.Load(sampleProject).Descendants("PackageReference")
            .Select(reference => new XElement("PackageReference", new XAttribute("Include", (string)reference.Attribute("Include")!), new XAttribute("Version", pinned[(string)reference.Attribute("Include")!])));
        var project = XDocument.Load(appProject);
        project.Root!.Add(new XElement("ItemGroup", references));
        project.Save(appProject);
    }

    private static async Task<string> ServeOneRequestAsync(string app, int port, Dictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(Path.Combine(app, "bin", "Release", "net10.0", "PastedApp.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var name in startInfo.Environment.Keys.Where(name => name.StartsWith("OTEL_", StringComparison.Ordinal) || name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || name == "DOTNET_STARTUP_HOOKS").ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = ModeProcess.CreateClient();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string? body = null;
            while (body is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    body = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/server_request?param=pasted"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(body == "served", $"the pasted app did not serve (body: {body ?? "none"}).\n{await StopAsync(process, output, error)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                Signals.Send(process.Id, Signals.SigTerm);
            }
        }

        return await StopAsync(process, output, error);
    }

    private static async Task<string> StopAsync(Process process, Task<string> output, Task<string> error)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (!process.HasExited)
        {
            Signals.Send(process.Id, Signals.SigTerm);
        }

        await process.WaitForExitAsync(cancellation.Token);
        return await output + await error;
    }

    private static async Task RunAsync(string folder, string command, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(startInfo.ArgumentList.Add);
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cancellation.Token);
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{await output}\n{await error}");
    }
}
