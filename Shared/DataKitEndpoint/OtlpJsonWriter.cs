using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>
/// Writes OTLP/JSON as the OTLP specification defines it (hex ids, integer enums, 64-bit integers as strings,
/// default values omitted): the inverse of <see cref="OtlpJsonReader"/>.
/// </summary>
public static class OtlpJsonWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteExportRequest(ExportTraceServiceRequest request) => Write(json =>
    {
        json.WriteStartObject();
        WriteList(json, "resourceSpans", request.ResourceSpans, WriteResourceSpans);
        json.WriteEndObject();
    });

    public static string WriteSpan(Span span) => Write(json => WriteSpan(json, span));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(json);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteResourceSpans(Utf8JsonWriter json, ResourceSpans resourceSpans)
    {
        json.WriteStartObject();
        if (resourceSpans.Resource is { } resource)
        {
            json.WriteStartObject("resource");
            WriteList(json, "attributes", resource.Attributes, WriteKeyValue);
            WriteCount(json, "droppedAttributesCount", resource.DroppedAttributesCount);
            json.WriteEndObject();
        }
        WriteList(json, "scopeSpans", resourceSpans.ScopeSpans, WriteScopeSpans);
        WriteText(json, "schemaUrl", resourceSpans.SchemaUrl);
        json.WriteEndObject();
    }

    private static void WriteScopeSpans(Utf8JsonWriter json, ScopeSpans scopeSpans)
    {
        json.WriteStartObject();
        if (scopeSpans.Scope is { } scope)
        {
            json.WriteStartObject("scope");
            WriteText(json, "name", scope.Name);
            WriteText(json, "version", scope.Version);
            WriteList(json, "attributes", scope.Attributes, WriteKeyValue);
            WriteCount(json, "droppedAttributesCount", scope.DroppedAttributesCount);
            json.WriteEndObject();
        }
        WriteList(json, "spans", scopeSpans.Spans, WriteSpan);
        WriteText(json, "schemaUrl", scopeSpans.SchemaUrl);
        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, Span span)
    {
        json.WriteStartObject();
        WriteText(json, "traceId", Convert.ToHexStringLower(span.TraceId.Span));
        WriteText(json, "spanId", Convert.ToHexStringLower(span.SpanId.Span));
        WriteText(json, "traceState", span.TraceState);
        WriteText(json, "parentSpanId", Convert.ToHexStringLower(span.ParentSpanId.Span));
        WriteCount(json, "flags", span.Flags);
        WriteText(json, "name", span.Name);
        WriteCount(json, "kind", (uint)span.Kind);
        WriteNanos(json, "startTimeUnixNano", span.StartTimeUnixNano);
        WriteNanos(json, "endTimeUnixNano", span.EndTimeUnixNano);
        WriteList(json, "attributes", span.Attributes, WriteKeyValue);
        WriteCount(json, "droppedAttributesCount", span.DroppedAttributesCount);
        WriteList(json, "events", span.Events, WriteEvent);
        WriteCount(json, "droppedEventsCount", span.DroppedEventsCount);
        WriteList(json, "links", span.Links, WriteLink);
        WriteCount(json, "droppedLinksCount", span.DroppedLinksCount);
        if (span.Status is { } status)
        {
            json.WriteStartObject("status");
            WriteText(json, "message", status.Message);
            WriteCount(json, "code", (uint)status.Code);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter json, Span.Types.Event spanEvent)
    {
        json.WriteStartObject();
        WriteNanos(json, "timeUnixNano", spanEvent.TimeUnixNano);
        WriteText(json, "name", spanEvent.Name);
        WriteList(json, "attributes", spanEvent.Attributes, WriteKeyValue);
        WriteCount(json, "droppedAttributesCount", spanEvent.DroppedAttributesCount);
        json.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter json, Span.Types.Link link)
    {
        json.WriteStartObject();
        WriteText(json, "traceId", Convert.ToHexStringLower(link.TraceId.Span));
        WriteText(json, "spanId", Convert.ToHexStringLower(link.SpanId.Span));
        WriteText(json, "traceState", link.TraceState);
        WriteList(json, "attributes", link.Attributes, WriteKeyValue);
        WriteCount(json, "droppedAttributesCount", link.DroppedAttributesCount);
        WriteCount(json, "flags", link.Flags);
        json.WriteEndObject();
    }

    private static void WriteKeyValue(Utf8JsonWriter json, KeyValue keyValue)
    {
        json.WriteStartObject();
        json.WriteString("key", keyValue.Key);
        if (keyValue.Value is { } value)
        {
            json.WritePropertyName("value");
            WriteAnyValue(json, value);
        }
        json.WriteEndObject();
    }

    private static void WriteAnyValue(Utf8JsonWriter json, AnyValue value)
    {
        json.WriteStartObject();
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: json.WriteString("stringValue", value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: json.WriteBoolean("boolValue", value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: json.WriteString("intValue", value.IntValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.DoubleValue: WriteDouble(json, "doubleValue", value.DoubleValue); break;
            case AnyValue.ValueOneofCase.BytesValue: json.WriteString("bytesValue", value.BytesValue.ToBase64()); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartObject("arrayValue");
                WriteList(json, "values", value.ArrayValue.Values, WriteAnyValue);
                json.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject("kvlistValue");
                WriteList(json, "values", value.KvlistValue.Values, WriteKeyValue);
                json.WriteEndObject();
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteList<T>(Utf8JsonWriter json, string name, RepeatedField<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            write(json, item);
        }
        json.WriteEndArray();
    }

    private static void WriteText(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteCount(Utf8JsonWriter json, string name, uint value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void WriteNanos(Utf8JsonWriter json, string name, ulong value)
    {
        if (value != 0)
        {
            json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    // JSON has no NaN or infinities; the protobuf JSON mapping spells them as strings.
    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
