using System.Diagnostics;

/// <summary>
/// The HTTP server span of the semantic conventions, written by hand to match what the official
/// <c>OpenTelemetry.Instrumentation.AspNetCore</c> emits: the .NET counterpart of Python's
/// <c>collect_request_attributes(environ)</c>.
/// </summary>
internal static class HttpServerAttributes
{
    public const string RequestMethod = "http.request.method";
    public const string RequestMethodOriginal = "http.request.method_original";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UserAgentOriginal = "user_agent.original";
    public const string UrlScheme = "url.scheme";
    public const string UrlPath = "url.path";
    public const string UrlQuery = "url.query";
    public const string NetworkProtocolVersion = "network.protocol.version";
    public const string HttpRoute = "http.route";
    public const string ResponseStatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";

    /// <summary>The switch of the official instrumentation that keeps query values verbatim.</summary>
    public const string DisableQueryRedactionVariable = "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION";

    private const string OtherMethod = "_OTHER";
    private const string Redacted = "Redacted";

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "PATCH", "CONNECT",
    };

    public static bool QueryRedactionDisabledByEnvironment =>
        string.Equals(Environment.GetEnvironmentVariable(DisableQueryRedactionVariable), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The attributes known when the request starts, in the order the official instrumentation sets them; set on the
    /// started span, as the official one sets them, so that a span the sampler drops costs none of them.
    /// </summary>
    public static void SetRequestAttributes(Activity activity, HttpRequest request, bool redactQuery)
    {
        var method = NormalizedMethod(request.Method);
        activity.SetTag(RequestMethod, method);
        if (method == OtherMethod)
        {
            activity.SetTag(RequestMethodOriginal, request.Method);
        }

        if (request.Host.HasValue)
        {
            activity.SetTag(ServerAddress, request.Host.Host);
            if (request.Host.Port is { } port)
            {
                activity.SetTag(ServerPort, port);
            }
        }

        if (request.Headers.UserAgent is { Count: > 0 } userAgent)
        {
            activity.SetTag(UserAgentOriginal, userAgent.ToString());
        }

        activity.SetTag(UrlScheme, request.Scheme);
        activity.SetTag(UrlPath, UrlPathOf(request));
        if (request.QueryString.HasValue)
        {
            activity.SetTag(UrlQuery, redactQuery ? RedactQueryValues(request.QueryString.Value!) : request.QueryString.Value);
        }

        activity.SetTag(NetworkProtocolVersion, ProtocolVersion(request.Protocol));
    }

    /// <summary><c>GET /server_request</c>: method and route template; the method alone when no route matched.</summary>
    public static string SpanName(string method, string? route)
    {
        var normalized = NormalizedMethod(method);
        var prefix = normalized == OtherMethod ? "HTTP" : normalized;
        return string.IsNullOrEmpty(route) ? prefix : $"{prefix} {route}";
    }

    /// <summary>The route template of the endpoint that served the request, e.g. <c>/server_request</c>.</summary>
    public static string? RouteOf(HttpContext context) =>
        (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText;

    /// <summary>What the response adds: route, status code, name, and ERROR with <c>error.type</c> on 5xx.</summary>
    public static void SetResponseAttributes(Activity activity, HttpContext context)
    {
        var route = RouteOf(context);
        if (!string.IsNullOrEmpty(route))
        {
            activity.SetTag(HttpRoute, route);
        }

        var statusCode = context.Response.StatusCode;
        activity.SetTag(ResponseStatusCode, statusCode);
        activity.DisplayName = SpanName(context.Request.Method, route);
        // An exception already set both, with more to say than the status code.
        if (statusCode >= 500 && activity.Status == ActivityStatusCode.Unset)
        {
            activity.SetTag(ErrorType, statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>
    /// An exception that escaped the pipeline: ERROR, with its type as <c>error.type</c>. The server will answer
    /// 500 once the exception reaches it, unless the response had already started.
    /// </summary>
    public static void SetException(Activity? activity, Exception exception, HttpContext context)
    {
        activity?.SetTag(ErrorType, exception.GetType().FullName);
        activity?.SetStatus(ActivityStatusCode.Error);
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    /// <summary>The attributes of <c>http.server.request.duration</c>, as ASP.NET Core's own metric has them.</summary>
    public static TagList DurationAttributes(HttpContext context, Exception? failure)
    {
        var tags = new TagList
        {
            { RequestMethod, NormalizedMethod(context.Request.Method) },
            { UrlScheme, context.Request.Scheme },
            { NetworkProtocolVersion, ProtocolVersion(context.Request.Protocol) },
            { ResponseStatusCode, context.Response.StatusCode },
        };
        if (RouteOf(context) is { Length: > 0 } route)
        {
            tags.Add(HttpRoute, route);
        }

        if (failure is not null)
        {
            tags.Add(ErrorType, failure.GetType().FullName);
        }

        return tags;
    }

    /// <summary>
    /// Replaces every query value by <c>Redacted</c>, keeping names and separators:
    /// <c>?param=a&amp;x=2</c> becomes <c>?param=Redacted&amp;x=Redacted</c>; a name without <c>=</c> is kept as is.
    /// </summary>
    public static string RedactQueryValues(string query)
    {
        // Sized first, so that the redacted query is the one allocation.
        var length = 0;
        var inValue = false;
        foreach (var character in query)
        {
            if (character == '&')
            {
                inValue = false;
                length++;
            }
            else if (!inValue)
            {
                length++;
                if (character == '=')
                {
                    inValue = true;
                    length += Redacted.Length;
                }
            }
        }

        return string.Create(length, query, static (redacted, query) =>
        {
            var written = 0;
            var inValue = false;
            foreach (var character in query)
            {
                if (character == '&')
                {
                    inValue = false;
                    redacted[written++] = character;
                }
                else if (!inValue)
                {
                    redacted[written++] = character;
                    if (character == '=')
                    {
                        inValue = true;
                        Redacted.CopyTo(redacted[written..]);
                        written += Redacted.Length;
                    }
                }
            }
        });
    }

    /// <summary><c>HTTP/1.1</c> → <c>1.1</c>, <c>HTTP/2</c> → <c>2</c>, as <c>network.protocol.version</c> wants it.</summary>
    public static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/3" => "3",
        "HTTP/1.0" => "1.0",
        _ => protocol.StartsWith("HTTP/", StringComparison.Ordinal) ? protocol["HTTP/".Length..] : protocol,
    };

    private static string UrlPathOf(HttpRequest request)
    {
        var path = request.PathBase.Add(request.Path).Value;
        return string.IsNullOrEmpty(path) ? "/" : path;
    }

    public static string NormalizedMethod(string method) => KnownMethods.Contains(method) ? method : OtherMethod;
}
