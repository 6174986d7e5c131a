using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

/// <summary>
/// The outgoing call instrumented by hand, as the manual-propagation article's client does it: a CLIENT span started
/// under the current one, the W3C context (<c>traceparent</c>, <c>baggage</c>) injected with the propagator API, the
/// HTTP client attributes of the semantic conventions as the official HttpClient instrumentation sets them, and
/// <c>http.client.request.duration</c> recorded as .NET's own metric.
/// </summary>
internal static class ManualClientInstrumentation
{
    private static readonly Histogram<double> RequestDuration = new Meter(ManualInstrumentation.Name).CreateHistogram(
        "http.client.request.duration",
        unit: "s",
        description: "Duration of HTTP client requests.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    /// <summary>
    /// The client's requests get this span and header alone: with no propagator, <see cref="SocketsHttpHandler"/>
    /// adds no diagnostics handler, so .NET starts no <c>System.Net.Http</c> activity and injects no header of its own.
    /// </summary>
    public static IHttpClientBuilder AddManualInstrumentation(this IHttpClientBuilder client) => client
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ActivityHeadersPropagator = null })
        .AddHttpMessageHandler(() => new ClientSpanHandler());

    private sealed class ClientSpanHandler : DelegatingHandler
    {
        private static readonly ActivitySource Source = new(ManualInstrumentation.Name);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var method = HttpServerAttributes.NormalizedMethod(request.Method.Method);
            var url = request.RequestUri!;
            var tags = new TagList
            {
                { HttpServerAttributes.RequestMethod, method },
                { HttpServerAttributes.ServerAddress, url.Host },
                { HttpServerAttributes.ServerPort, url.Port },
                { "url.full", RedactedUrl(url) },
            };
            using var span = Source.StartActivity(ActivityKind.Client, tags: tags, name: method == "_OTHER" ? "HTTP" : method);
            Propagators.DefaultTextMapPropagator.Inject(
                new PropagationContext(Activity.Current?.Context ?? default, Baggage.Current),
                request,
                (message, name, value) => message.Headers.TryAddWithoutValidation(name, value));
            var duration = new TagList
            {
                { HttpServerAttributes.RequestMethod, method },
                { HttpServerAttributes.ServerAddress, url.Host },
                { HttpServerAttributes.ServerPort, url.Port },
                { HttpServerAttributes.UrlScheme, url.Scheme },
            };
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                var version = HttpServerAttributes.ProtocolVersion($"HTTP/{response.Version}");
                var status = (int)response.StatusCode;
                span?.SetTag(HttpServerAttributes.NetworkProtocolVersion, version);
                span?.SetTag(HttpServerAttributes.ResponseStatusCode, status);
                duration.Add(HttpServerAttributes.NetworkProtocolVersion, version);
                duration.Add(HttpServerAttributes.ResponseStatusCode, status);
                if (status >= 400)
                {
                    var errorType = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    span?.SetTag(HttpServerAttributes.ErrorType, errorType);
                    span?.SetStatus(ActivityStatusCode.Error);
                    duration.Add(HttpServerAttributes.ErrorType, errorType);
                }

                return response;
            }
            catch (Exception exception)
            {
                var errorType = ErrorType(exception);
                span?.SetTag(HttpServerAttributes.ErrorType, errorType);
                span?.SetStatus(ActivityStatusCode.Error);
                span?.AddException(exception);
                duration.Add(HttpServerAttributes.ErrorType, errorType);
                throw;
            }
            finally
            {
                RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, duration);
            }
        }

        /// <summary>The URL without user info, and its query replaced by <c>*</c>, as .NET redacts it by default.</summary>
        private static string RedactedUrl(Uri url) =>
            url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) + (url.Query.Length > 0 ? "?*" : string.Empty);

        /// <summary><c>connection_error</c> and the like for what HttpClient names, else the exception's type, as .NET's own activity does.</summary>
        private static string ErrorType(Exception exception) =>
            exception is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown and var error }
                ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(error.ToString())
                : exception.GetType().FullName!;
    }
}
