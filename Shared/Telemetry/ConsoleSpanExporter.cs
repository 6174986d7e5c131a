using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace InstrumentationModes.Telemetry;

/// <summary>
/// Prints each span as one JSON object shaped like Python's <c>ConsoleSpanExporter</c> (name, context, kind,
/// parent_id, start_time, end_time, status, attributes, events, links, resource), so the outputs of the Python
/// original and this port read alike.
/// </summary>
public sealed class ConsoleSpanExporter(TextWriter output) : BaseExporter<Activity>
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var resource = ParentProvider.GetResource();
        foreach (var activity in batch)
        {
            // One Write per span: Console.Out is synchronised, so a span never interleaves with other output.
            output.Write(ToJson(activity, resource) + Environment.NewLine);
        }

        output.Flush();
        return ExportResult.Success;
    }

    public static string ToJson(Activity activity, Resource resource)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", activity.DisplayName);
            json.WritePropertyName("context");
            WriteContext(json, activity.Context);
            json.WriteString("kind", "SpanKind." + activity.Kind.ToString().ToUpperInvariant());
            if (activity.ParentSpanId == default)
            {
                json.WriteNull("parent_id");
            }
            else
            {
                json.WriteString("parent_id", "0x" + activity.ParentSpanId.ToHexString());
            }

            json.WriteString("start_time", Timestamp(activity.StartTimeUtc));
            json.WriteString("end_time", Timestamp(activity.StartTimeUtc + activity.Duration));
            json.WriteStartObject("status");
            json.WriteString("status_code", activity.Status.ToString().ToUpperInvariant());
            if (!string.IsNullOrEmpty(activity.StatusDescription))
            {
                json.WriteString("description", activity.StatusDescription);
            }

            json.WriteEndObject();
            WriteAttributes(json, "attributes", activity.TagObjects);
            json.WriteStartArray("events");
            foreach (var activityEvent in activity.Events)
            {
                json.WriteStartObject();
                json.WriteString("name", activityEvent.Name);
                json.WriteString("timestamp", Timestamp(activityEvent.Timestamp.UtcDateTime));
                WriteAttributes(json, "attributes", activityEvent.Tags);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("links");
            foreach (var link in activity.Links)
            {
                json.WriteStartObject();
                json.WritePropertyName("context");
                WriteContext(json, link.Context);
                WriteAttributes(json, "attributes", link.Tags ?? []);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("resource");
            WriteAttributes(json, "attributes", resource.Attributes!);
            json.WriteString("schema_url", string.Empty);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteContext(Utf8JsonWriter json, ActivityContext context)
    {
        json.WriteStartObject();
        json.WriteString("trace_id", "0x" + context.TraceId.ToHexString());
        json.WriteString("span_id", "0x" + context.SpanId.ToHexString());
        json.WriteString("trace_state", $"[{context.TraceState}]");
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, object?>> attributes)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in attributes)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool boolean:
                json.WriteBooleanValue(boolean);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                json.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case System.Collections.IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
