using System.Diagnostics;

namespace InstrumentationModes.Telemetry.AspNetCore;

/// <summary>Subscribes <see cref="HttpInListener"/> to ASP.NET Core's diagnostic listener, now or whenever it appears.</summary>
internal sealed class AspNetCoreInstrumentation : IObserver<DiagnosticListener>, IDisposable
{
    private readonly HttpInListener listener;
    private readonly IDisposable allListenersSubscription;
    private readonly List<IDisposable> subscriptions = [];

    public AspNetCoreInstrumentation(AspNetCoreTraceInstrumentationOptions options)
    {
        listener = new HttpInListener(options);
        allListenersSubscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public void OnNext(DiagnosticListener diagnosticListener)
    {
        if (diagnosticListener.Name != HttpInListener.DiagnosticListenerName)
        {
            return;
        }

        lock (subscriptions)
        {
            subscriptions.Add(diagnosticListener.Subscribe(listener, (eventName, _, _) => HttpInListener.IsEnabled(eventName)));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        allListenersSubscription.Dispose();
        lock (subscriptions)
        {
            subscriptions.ForEach(subscription => subscription.Dispose());
            subscriptions.Clear();
        }
    }
}
