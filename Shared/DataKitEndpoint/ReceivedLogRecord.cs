using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

/// <summary>One received log record as DataKit stores it (logging data), plus the OTLP detail tests assert on.</summary>
public sealed record ReceivedLogRecord
{
    /// <summary>Resource <c>log.source</c>, else <c>service.name</c>, else <c>otel_logs</c>: the tag <c>source</c> and the point's name.</summary>
    public required string Source { get; init; }

    /// <summary>Resource <c>service.name</c>, else <c>unSetServiceName</c>: the tag <c>service</c>.</summary>
    public required string Service { get; init; }

    /// <summary>Resource <c>host.name</c>, the tag <c>host</c>; empty when absent.</summary>
    public required string Host { get; init; }

    /// <summary>Resource attributes, typed like <see cref="ReceivedSpan.Attributes"/>.</summary>
    public required IReadOnlyDictionary<string, object> ResourceAttributes { get; init; }

    /// <summary>The instrumentation scope; for .NET's <c>ILogger</c>, the logger category.</summary>
    public required string ScopeName { get; init; }

    public required ulong TimeUnixNano { get; init; }

    public required ulong ObservedTimeUnixNano { get; init; }

    public required SeverityNumber SeverityNumber { get; init; }

    public required string SeverityText { get; init; }

    /// <summary>DataKit's <c>status</c>: <c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>, <c>fatal</c> from the severity number, <c>unknown</c> when unset, else the severity text.</summary>
    public required string Status { get; init; }

    /// <summary>DataKit's <c>message</c>: the body, a string as is and any other value rendered.</summary>
    public required string Message { get; init; }

    /// <summary>The body, typed like an attribute value; null when absent.</summary>
    public required object? Body { get; init; }

    /// <summary>The record's attributes, typed.</summary>
    public required IReadOnlyDictionary<string, object> Attributes { get; init; }

    /// <summary>Lowercase hex; empty when absent.</summary>
    public required string TraceId { get; init; }

    /// <summary>Lowercase hex; empty when absent.</summary>
    public required string SpanId { get; init; }

    /// <summary>The W3C trace flags in the low 8 bits (1 = sampled).</summary>
    public required uint Flags { get; init; }

    public required string EventName { get; init; }

    /// <summary>One of <see cref="OtlpTransport"/>'s values.</summary>
    public required string Transport { get; init; }

    /// <summary>The request path the record arrived on, e.g. <c>/otel/v1/logs</c>.</summary>
    public required string RequestPath { get; init; }

    /// <summary>The one-line DataKit view, as the endpoint prints it.</summary>
    public override string ToString() => LogLine.Format(this);
}
