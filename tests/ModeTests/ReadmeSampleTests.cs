using System.Globalization;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ModeTests;

/// <summary>
/// The README's first sample output is what its own commands print: <c>scripts/run-mode.sh manual</c>, then
/// <c>curl 'http://localhost:8082/server_request?param=manual'</c>. Ids, times, the port and the instance id
/// are the only things allowed to differ.
/// </summary>
public sealed class ReadmeSampleTests
{
    private const string ReadmePort = "8082";

    [Fact]
    public async Task TheReadmesConsoleSampleIsWhatTheCurlCommandPrints()
    {
        var sample = ConsoleSample();
        var sampleSpan = Assert.Single(ConsoleSpans.Parse(sample));
        await using var server = await ModeProcess.StartAsync("manual", new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" });
        var port = server.Port.ToString(CultureInfo.InvariantCulture);

        using var client = ModeProcess.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{port}/server_request?param=manual");
        request.Headers.UserAgent.ParseAdd(sampleSpan.Tags["user_agent.original"]);
        Assert.Equal("served", await (await client.SendAsync(request)).Content.ReadAsStringAsync());

        var span = await server.WaitForConsoleSpanAsync(candidate => candidate.Tags.GetValueOrDefault("url.query") == "?param=Redacted", "of the curl request");
        Assert.Equal(sampleSpan.Fields.Keys.Order(), span.Fields.Keys.Order());
        Assert.Equal((sampleSpan.Name, sampleSpan.Kind, sampleSpan.ParentSpanId, sampleSpan.StatusCode), (span.Name, span.Kind, span.ParentSpanId, span.StatusCode));
        Assert.Equal(sampleSpan.Tags.Select(tag => tag.Key == "server.port" ? new KeyValuePair<string, string>(tag.Key, port) : tag), span.Tags);
        Assert.Equal(sampleSpan.ScopeName, span.ScopeName);
        Assert.Equal(sampleSpan.Resource.Keys, span.Resource.Keys);
        Assert.Equal(sampleSpan.Resource.Where(entry => entry.Key != "service.instance.id"), span.Resource.Where(entry => entry.Key != "service.instance.id"));

        // The lines around the span: the host's own, with the README's port, and the param line.
        var printed = server.OutputLines.Select(line => line.Replace(":" + port, ":" + ReadmePort, StringComparison.Ordinal)).ToHashSet();
        Assert.All(sample.TakeWhile(line => !line.StartsWith("Activity.", StringComparison.Ordinal)), line =>
            Assert.True(printed.Contains(line) || line.StartsWith("info: Microsoft.Hosting.Lifetime[0] Content root path:", StringComparison.Ordinal), $"not printed: {line}"));
    }

    // The README's fenced block that holds a console span, as lines, closed by the empty line the exporter prints.
    private static List<string> ConsoleSample()
    {
        var block = new List<string>();
        var inBlock = false;
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root, "README.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (inBlock && block.Any(text => text.StartsWith("Activity.TraceId:", StringComparison.Ordinal)))
                {
                    return [.. block, string.Empty];
                }

                inBlock = !inBlock;
                block.Clear();
            }
            else if (inBlock)
            {
                block.Add(line);
            }
        }

        throw new InvalidOperationException("The README holds no console span sample.");
    }
}
