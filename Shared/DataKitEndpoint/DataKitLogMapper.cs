using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>Maps OTLP log records to DataKit's logging data (SPEC §5).</summary>
public static class DataKitLogMapper
{
    public static IReadOnlyList<ReceivedLogRecord> Map(ExportLogsServiceRequest request, string transport, string requestPath)
    {
        var records = new List<ReceivedLogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resourceAttributes = DataKitSpanMapper.ToDictionary(resourceLogs.Resource?.Attributes);
            var source = resourceAttributes.GetValueOrDefault("log.source") is string { Length: > 0 } logSource ? logSource
                : resourceAttributes.GetValueOrDefault("service.name") is string { Length: > 0 } service ? service
                : DataKitSpanMapper.UnknownService;
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var body = DataKitSpanMapper.ToObject(record.Body);
                    records.Add(new ReceivedLogRecord
                    {
                        Source = source,
                        ResourceAttributes = resourceAttributes,
                        ScopeName = scopeLogs.Scope?.Name ?? "",
                        TimeUnixNano = record.TimeUnixNano,
                        ObservedTimeUnixNano = record.ObservedTimeUnixNano,
                        SeverityNumber = record.SeverityNumber,
                        SeverityText = record.SeverityText,
                        Status = Status(record.SeverityNumber, record.SeverityText),
                        Message = body is null ? "" : DataKitSpanMapper.Render(body),
                        Body = body,
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

    /// <summary>The severity text lower-cased; without one, the severity number's range in DataKit's status names.</summary>
    public static string Status(SeverityNumber number, string text) => text.Length > 0
        ? text.ToLowerInvariant()
        : (int)number switch
        {
            >= 1 and <= 4 => "trace",
            >= 5 and <= 8 => "debug",
            >= 9 and <= 12 => "info",
            >= 13 and <= 16 => "warning",
            >= 17 and <= 20 => "error",
            >= 21 and <= 24 => "critical",
            _ => "unknown",
        };
}
