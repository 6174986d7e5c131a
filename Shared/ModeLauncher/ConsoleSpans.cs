using System.Text.Json;

namespace InstrumentationModes.ModeLauncher;

/// <summary>
/// Reads the spans a server printed with its console exporter: each is an indented JSON object whose first line is
/// <c>{</c> and last line is <c>}</c>, written whole (nothing else can interleave with it).
/// </summary>
public static class ConsoleSpans
{
    public static IReadOnlyList<JsonElement> Parse(IEnumerable<string> outputLines)
    {
        var spans = new List<JsonElement>();
        List<string>? current = null;
        foreach (var line in outputLines)
        {
            if (line == "{")
            {
                current = [line];
            }
            else if (current is not null)
            {
                current.Add(line);
                if (line == "}")
                {
                    spans.Add(JsonDocument.Parse(string.Join('\n', current)).RootElement.Clone());
                    current = null;
                }
            }
        }

        return spans;
    }

    public static string TraceId(this JsonElement span) => span.GetProperty("context").GetProperty("trace_id").GetString()!;
}
