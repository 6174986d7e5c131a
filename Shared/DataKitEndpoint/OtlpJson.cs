using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>A payload that is not valid OTLP/JSON; the message says where and why.</summary>
public sealed class OtlpJsonException(string message) : FormatException(message);

/// <summary>
/// Reads OTLP/JSON with Google.Protobuf's proto3 JSON parser (lowerCamelCase or proto names, 64-bit integers as
/// strings or numbers, enums as integers or names, unknown keys ignored). OTLP/JSON departs from that mapping in one
/// place the library cannot know: trace and span ids are hex strings, not base64, so they are converted before parsing.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static ExportTraceServiceRequest ReadExportRequest(ReadOnlyMemory<byte> utf8Json) => Read<ExportTraceServiceRequest>(utf8Json);

    public static T Read<T>(ReadOnlyMemory<byte> utf8Json)
        where T : IMessage<T>, new() => (T)Read(utf8Json, new T().Descriptor);

    public static IMessage Read(ReadOnlyMemory<byte> utf8Json, MessageDescriptor descriptor)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Json.Span, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new OtlpJsonException($"not valid JSON: {e.Message}");
        }
        if (root is not JsonObject)
        {
            throw new OtlpJsonException("$: expected an object");
        }
        OtlpJsonIds.Convert(root, "$", HexToBase64);
        try
        {
            return Parser.Parse(root.ToJsonString(), descriptor);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new OtlpJsonException(e.Message);
        }
    }

    private static string HexToBase64(string hex, string path)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new OtlpJsonException($"{path}: expected a hex string");
        }
    }
}

/// <summary>Writes OTLP/JSON with Google.Protobuf's JSON formatter, enums as integers and trace and span ids as hex.</summary>
public static class OtlpJsonWriter
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));
    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteExportRequest(ExportTraceServiceRequest request) => Write(request);

    public static string WriteSpan(Span span) => Write(span);

    public static string Write(IMessage message)
    {
        var root = JsonNode.Parse(Formatter.Format(message))!;
        OtlpJsonIds.Convert(root, "$", (base64, _) => Convert.ToHexStringLower(Convert.FromBase64String(base64)));
        return root.ToJsonString(SerializerOptions);
    }
}

/// <summary>The OTLP/JSON members that hold trace and span ids, wherever they appear.</summary>
internal static class OtlpJsonIds
{
    private static readonly HashSet<string> Names = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];

    /// <summary>Replaces every id string under <paramref name="node"/> with <paramref name="convert"/>(value, path).</summary>
    public static void Convert(JsonNode? node, string path, Func<string, string, string> convert)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, value) in members.ToArray())
                {
                    var memberPath = $"{path}.{name}";
                    if (Names.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var text))
                    {
                        members[name] = convert(text, memberPath);
                    }
                    else
                    {
                        Convert(value, memberPath, convert);
                    }
                }
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    Convert(items[i], $"{path}[{i}]", convert);
                }
                break;
        }
    }
}
