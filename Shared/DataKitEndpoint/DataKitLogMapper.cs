using System.Globalization;
using System.Text;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>Maps OTLP log records to DataKit's logging data: one point per record, named after its source.</summary>
public static class DataKitLogMapper
{
    /// <summary>The source, and so the point's name, of records whose resource has neither <c>log.source</c> nor <c>service.name</c>.</summary>
    public const string DefaultSource = "otel_logs";

    /// <summary>The <c>service</c> tag of records whose resource has no <c>service.name</c>.</summary>
    public const string UnsetService = "unSetServiceName";

    public static IReadOnlyList<ReceivedLogRecord> Map(ExportLogsServiceRequest request, string transport, string requestPath)
    {
        var records = new List<ReceivedLogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resourceAttributes = DataKitSpanMapper.ToDictionary(resourceLogs.Resource?.Attributes);
            // DataKit reads these three as strings only: a value of another type counts as absent.
            var service = resourceAttributes.GetValueOrDefault("service.name") as string ?? "";
            var logSource = resourceAttributes.GetValueOrDefault("log.source") as string ?? "";
            var source = logSource.Length > 0 ? logSource : service.Length > 0 ? service : DefaultSource;
            var host = resourceAttributes.GetValueOrDefault("host.name") as string ?? "";
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    records.Add(new ReceivedLogRecord
                    {
                        Source = source,
                        Service = service.Length > 0 ? service : UnsetService,
                        Host = host,
                        ResourceAttributes = resourceAttributes,
                        ScopeName = scopeLogs.Scope?.Name ?? "",
                        TimeUnixNano = record.TimeUnixNano,
                        ObservedTimeUnixNano = record.ObservedTimeUnixNano,
                        SeverityNumber = record.SeverityNumber,
                        SeverityText = record.SeverityText,
                        Status = Status(record.SeverityNumber, record.SeverityText),
                        Message = Message(record.Body),
                        Body = DataKitSpanMapper.ToObject(record.Body),
                        Attributes = DataKitSpanMapper.ToDictionary(record.Attributes),
                        TraceId = DataKitSpanMapper.Hex(record.TraceId),
                        SpanId = DataKitSpanMapper.Hex(record.SpanId),
                        Flags = record.Flags,
                        EventName = record.EventName,
                        Transport = transport,
                        RequestPath = requestPath,
                    });
                }
            }
        }
        return records;
    }

    /// <summary>DataKit's status for a severity number (<c>unknown</c> when unset); any other number keeps the severity text as it is.</summary>
    public static string Status(SeverityNumber number, string text) => (int)number switch
    {
        0 => "unknown",
        >= 1 and <= 4 => "trace",
        >= 5 and <= 8 => "debug",
        >= 9 and <= 12 => "info",
        >= 13 and <= 16 => "warn",
        >= 17 and <= 20 => "error",
        >= 21 and <= 24 => "fatal",
        _ => text,
    };

    /// <summary>The body as DataKit's <c>message</c>: scalars as Go prints them (a double with six decimals), bytes as UTF-8.</summary>
    private static string Message(AnyValue? body) => body?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => body.StringValue,
        AnyValue.ValueOneofCase.BytesValue => Encoding.UTF8.GetString(body.BytesValue.Span),
        AnyValue.ValueOneofCase.DoubleValue => body.DoubleValue.ToString("F6", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.IntValue => body.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => body.BoolValue ? "true" : "false",
        _ when DataKitSpanMapper.ToObject(body) is { } value => DataKitSpanMapper.Render(value),
        _ => "",
    };
}
