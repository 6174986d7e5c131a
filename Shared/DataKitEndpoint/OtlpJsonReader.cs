using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>A payload that is not valid OTLP/JSON; the message says where and why.</summary>
public sealed class OtlpJsonException(string message) : FormatException(message);

/// <summary>
/// Reads OTLP/JSON as the OTLP specification defines it, which differs from the generic protobuf JSON mapping:
/// trace and span ids are hex strings (empty = absent), enums are integers, 64-bit integers are strings (numbers
/// are accepted too), keys are lowerCamelCase and unknown keys are ignored.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static ExportTraceServiceRequest ReadExportRequest(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new OtlpJsonException($"not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            RequireObject(root, "$");
            var request = new ExportTraceServiceRequest();
            ReadList(root, "resourceSpans", "$", request.ResourceSpans, ReadResourceSpans);
            return request;
        }
    }

    private static ResourceSpans ReadResourceSpans(JsonElement json, string path)
    {
        var resourceSpans = new ResourceSpans { SchemaUrl = ReadString(json, "schemaUrl", path) };
        if (Field(json, "resource", path) is { } resourceJson)
        {
            var resource = new Resource { DroppedAttributesCount = ReadUInt32(resourceJson, "droppedAttributesCount", path + ".resource") };
            ReadList(resourceJson, "attributes", path + ".resource", resource.Attributes, ReadKeyValue);
            resourceSpans.Resource = resource;
        }
        ReadList(json, "scopeSpans", path, resourceSpans.ScopeSpans, ReadScopeSpans);
        return resourceSpans;
    }

    private static ScopeSpans ReadScopeSpans(JsonElement json, string path)
    {
        var scopeSpans = new ScopeSpans { SchemaUrl = ReadString(json, "schemaUrl", path) };
        if (Field(json, "scope", path) is { } scopeJson)
        {
            var scopePath = path + ".scope";
            var scope = new InstrumentationScope
            {
                Name = ReadString(scopeJson, "name", scopePath),
                Version = ReadString(scopeJson, "version", scopePath),
                DroppedAttributesCount = ReadUInt32(scopeJson, "droppedAttributesCount", scopePath),
            };
            ReadList(scopeJson, "attributes", scopePath, scope.Attributes, ReadKeyValue);
            scopeSpans.Scope = scope;
        }
        ReadList(json, "spans", path, scopeSpans.Spans, ReadSpan);
        return scopeSpans;
    }

    private static Span ReadSpan(JsonElement json, string path)
    {
        var span = new Span
        {
            TraceId = ReadHex(json, "traceId", path),
            SpanId = ReadHex(json, "spanId", path),
            TraceState = ReadString(json, "traceState", path),
            ParentSpanId = ReadHex(json, "parentSpanId", path),
            Flags = ReadUInt32(json, "flags", path),
            Name = ReadString(json, "name", path),
            Kind = (Span.Types.SpanKind)ReadEnum(json, "kind", path),
            StartTimeUnixNano = ReadUInt64(json, "startTimeUnixNano", path),
            EndTimeUnixNano = ReadUInt64(json, "endTimeUnixNano", path),
            DroppedAttributesCount = ReadUInt32(json, "droppedAttributesCount", path),
            DroppedEventsCount = ReadUInt32(json, "droppedEventsCount", path),
            DroppedLinksCount = ReadUInt32(json, "droppedLinksCount", path),
        };
        ReadList(json, "attributes", path, span.Attributes, ReadKeyValue);
        ReadList(json, "events", path, span.Events, ReadEvent);
        ReadList(json, "links", path, span.Links, ReadLink);
        if (Field(json, "status", path) is { } statusJson)
        {
            span.Status = new Status
            {
                Message = ReadString(statusJson, "message", path + ".status"),
                Code = (Status.Types.StatusCode)ReadEnum(statusJson, "code", path + ".status"),
            };
        }
        return span;
    }

    private static Span.Types.Event ReadEvent(JsonElement json, string path)
    {
        var spanEvent = new Span.Types.Event
        {
            TimeUnixNano = ReadUInt64(json, "timeUnixNano", path),
            Name = ReadString(json, "name", path),
            DroppedAttributesCount = ReadUInt32(json, "droppedAttributesCount", path),
        };
        ReadList(json, "attributes", path, spanEvent.Attributes, ReadKeyValue);
        return spanEvent;
    }

    private static Span.Types.Link ReadLink(JsonElement json, string path)
    {
        var link = new Span.Types.Link
        {
            TraceId = ReadHex(json, "traceId", path),
            SpanId = ReadHex(json, "spanId", path),
            TraceState = ReadString(json, "traceState", path),
            DroppedAttributesCount = ReadUInt32(json, "droppedAttributesCount", path),
            Flags = ReadUInt32(json, "flags", path),
        };
        ReadList(json, "attributes", path, link.Attributes, ReadKeyValue);
        return link;
    }

    private static KeyValue ReadKeyValue(JsonElement json, string path) => new()
    {
        Key = ReadString(json, "key", path),
        Value = Field(json, "value", path) is { } value ? ReadAnyValue(value, path + ".value") : null,
    };

    private static AnyValue ReadAnyValue(JsonElement json, string path)
    {
        RequireObject(json, path);
        var value = new AnyValue();
        foreach (var property in json.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            switch (property.Name)
            {
                case "stringValue": value.StringValue = ReadString(json, property.Name, path); break;
                case "boolValue": value.BoolValue = ReadBool(json, property.Name, path); break;
                case "intValue": value.IntValue = ReadInt64(json, property.Name, path); break;
                case "doubleValue": value.DoubleValue = ReadDouble(json, property.Name, path); break;
                case "bytesValue": value.BytesValue = ReadBase64(json, property.Name, path); break;
                case "arrayValue":
                    var array = new ArrayValue();
                    ReadList(property.Value, "values", path + ".arrayValue", array.Values, ReadAnyValue);
                    value.ArrayValue = array;
                    break;
                case "kvlistValue":
                    var list = new KeyValueList();
                    ReadList(property.Value, "values", path + ".kvlistValue", list.Values, ReadKeyValue);
                    value.KvlistValue = list;
                    break;
            }
        }
        return value;
    }

    private static void ReadList<T>(JsonElement json, string name, string path, RepeatedField<T> target, Func<JsonElement, string, T> read)
    {
        RequireObject(json, path);
        if (Field(json, name, path) is not { } array)
        {
            return;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new OtlpJsonException($"{path}.{name}: expected an array");
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}.{name}[{index++}]";
            RequireObject(item, itemPath);
            target.Add(read(item, itemPath));
        }
    }

    /// <summary>The named member, or null when it is absent or JSON null.</summary>
    private static JsonElement? Field(JsonElement json, string name, string path)
    {
        RequireObject(json, path);
        return json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static void RequireObject(JsonElement json, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new OtlpJsonException($"{path}: expected an object");
        }
    }

    private static string ReadString(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => "",
        { ValueKind: JsonValueKind.String } value => value.GetString()!,
        _ => throw Invalid(path, name, "expected a string"),
    };

    private static bool ReadBool(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw Invalid(path, name, "expected true or false"),
    };

    private static int ReadEnum(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw Invalid(path, name, "expected an integer enum value"),
    };

    private static uint ReadUInt32(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } value when value.TryGetUInt32(out var number) => number,
        { ValueKind: JsonValueKind.String } value when uint.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw Invalid(path, name, "expected an unsigned 32-bit integer"),
    };

    private static ulong ReadUInt64(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } value when value.TryGetUInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw Invalid(path, name, "expected an unsigned 64-bit integer (as a string or a number)"),
    };

    private static long ReadInt64(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw Invalid(path, name, "expected a 64-bit integer (as a string or a number)"),
    };

    private static double ReadDouble(JsonElement json, string name, string path) => Field(json, name, path) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        { ValueKind: JsonValueKind.String } value => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
            _ => throw Invalid(path, name, "expected a number"),
        },
        _ => throw Invalid(path, name, "expected a number"),
    };

    private static ByteString ReadHex(JsonElement json, string name, string path)
    {
        var text = ReadString(json, name, path);
        try
        {
            return ByteString.CopyFrom(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw Invalid(path, name, "expected a hex string");
        }
    }

    private static ByteString ReadBase64(JsonElement json, string name, string path)
    {
        try
        {
            return ByteString.FromBase64(ReadString(json, name, path));
        }
        catch (FormatException)
        {
            throw Invalid(path, name, "expected base64");
        }
    }

    private static OtlpJsonException Invalid(string path, string name, string expectation) => new($"{path}.{name}: {expectation}");
}
