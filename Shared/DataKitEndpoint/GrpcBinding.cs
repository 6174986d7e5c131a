using System.IO.Compression;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Grpc.Net.Compression;

namespace InstrumentationModes.DataKit;

/// <summary>
/// Binds a generated OTLP service as Grpc.AspNetCore's own binder does, except that a request that is not valid
/// protobuf is answered as DataKit's grpc-go server answers it (INTERNAL, "grpc: error unmarshalling request: …"):
/// Grpc.AspNetCore answers UNKNOWN for any exception thrown while it reads a request, before the service is called.
/// </summary>
internal sealed class OtlpServiceMethodProvider<TService>(Action<ServiceBinderBase, TService?> bindService) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) => bindService(new Binder(context), null);

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var requestMarshaller = method.RequestMarshaller;
            var checkedMethod = new Method<TRequest, TResponse>(
                method.Type, method.ServiceName, method.Name, Marshallers.Create(requestMarshaller.ContextualSerializer, Deserialize), method.ResponseMarshaller);
            var invoker = typeof(TService).GetMethod(method.Name)!.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>();
            context.AddUnaryMethod(checkedMethod, [], invoker);

            TRequest Deserialize(DeserializationContext deserialization)
            {
                try
                {
                    return requestMarshaller.ContextualDeserializer(deserialization);
                }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(new Status(StatusCode.Internal, $"grpc: error unmarshalling request: {e.Message}"));
                }
            }
        }
    }
}

/// <summary>
/// <c>grpc-encoding: gzip</c> within the message limit: Grpc.AspNetCore's own provider inflates a message whole
/// before any size check, so a small gzip bomb could take gigabytes.
/// </summary>
internal sealed class BoundedGzipCompressionProvider(int maxMessageBytes) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? CompressionLevel.Fastest, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream)
    {
        try
        {
            using var inflated = BoundedPayload.Gunzip(stream, maxMessageBytes)
                ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"decompressed message exceeds the {maxMessageBytes}-byte limit"));
            return new MemoryStream(inflated.Content.ToArray());
        }
        catch (InvalidDataException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "message is not valid gzip"));
        }
    }
}
