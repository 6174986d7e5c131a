using Google.Protobuf.Reflection;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

internal static class OtlpDescriptors
{
    /// <summary>
    /// Runs the generated types' static initialisers once, up front: their descriptors reference each other, and
    /// concurrent first use from several request threads can deadlock in type initialisation.
    /// </summary>
    public static void Warm()
    {
        foreach (var file in new[] { TraceServiceReflection.Descriptor, MetricsServiceReflection.Descriptor, LogsServiceReflection.Descriptor })
        {
            Warm(file);
        }
    }

    private static void Warm(FileDescriptor file)
    {
        foreach (var dependency in file.Dependencies)
        {
            Warm(dependency);
        }
        Warm(file.MessageTypes);
    }

    private static void Warm(IEnumerable<MessageDescriptor> messages)
    {
        foreach (var message in messages)
        {
            _ = message.Parser;
            Warm(message.NestedTypes);
        }
    }
}
