using Microsoft.AspNetCore.Http;

namespace InstrumentationModes.Telemetry.AspNetCore;

/// <summary>Options of <see cref="AspNetCoreInstrumentationExtensions.AddAspNetCoreInstrumentation"/>, named as in the official package.</summary>
public sealed class AspNetCoreTraceInstrumentationOptions
{
    /// <summary>Comma-separated paths that get no span; the counterpart of Python's <c>OTEL_PYTHON_EXCLUDED_URLS</c>.</summary>
    public const string ExcludedPathsVariable = "OTEL_DOTNET_EXCLUDED_URLS";

    /// <summary>Health checks get no span unless <see cref="ExcludedPathsVariable"/> lists other paths.</summary>
    public const string DefaultExcludedPath = "/healthz";

    /// <summary>
    /// Request paths that emit no span at all, matched whole and case-insensitively (as routing matches them),
    /// like <c>instrument_app(app, excluded_urls=…)</c>: those of <see cref="ExcludedPathsVariable"/>, else
    /// <see cref="DefaultExcludedPath"/> (the official package excludes nothing; it has no such setting).
    /// </summary>
    public IList<string> ExcludedPaths { get; set; } = ExcludedPathsFromEnvironment(DefaultExcludedPath);

    /// <summary>Further filter, as in the official package: return false to emit no span for the request.</summary>
    public Func<HttpContext, bool>? Filter { get; set; }

    /// <summary>Keeps <c>url.query</c> values verbatim; off by default, as in the official package.</summary>
    public bool DisableUrlQueryRedaction { get; set; } = HttpServerAttributes.QueryRedactionDisabledByEnvironment;

    /// <summary>The paths listed in <see cref="ExcludedPathsVariable"/> (comma-separated), or <paramref name="defaultPaths"/> when it is unset.</summary>
    public static IList<string> ExcludedPathsFromEnvironment(params string[] defaultPaths) =>
        Environment.GetEnvironmentVariable(ExcludedPathsVariable) is { } paths
            ? paths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : defaultPaths.ToList();

    internal bool ShouldTrace(HttpContext context)
    {
        var path = context.Request.Path.Value is { Length: > 1 } value ? value.TrimEnd('/') : context.Request.Path.Value;
        foreach (var excluded in ExcludedPaths)
        {
            if (string.Equals(path, excluded.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return Filter?.Invoke(context) ?? true;
    }
}
