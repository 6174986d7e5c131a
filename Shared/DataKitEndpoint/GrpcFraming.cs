using System.Buffers.Binary;
using System.Text;

namespace InstrumentationModes.DataKit;

/// <summary>The gRPC status codes the endpoint answers with.</summary>
internal static class GrpcStatus
{
    public const int Ok = 0;
    public const int InvalidArgument = 3;
    public const int ResourceExhausted = 8;
    public const int Unimplemented = 12;
    public const int Internal = 13;
    public const int Unavailable = 14;
}

/// <summary>A gRPC call that ends with a non-OK status.</summary>
internal sealed class GrpcCallException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// gRPC's length-prefixed message framing (Grpc.AspNetCore is unavailable here): each message is a 1-byte
/// compressed flag, a 4-byte big-endian length, then the message bytes.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderBytes = 5;

    /// <summary>
    /// Reads the single message of a unary call, inflating it when its compressed flag is set.
    /// Throws <see cref="GrpcCallException"/> for anything that is not exactly one well-formed frame within the limit.
    /// </summary>
    public static async Task<byte[]> ReadUnaryMessageAsync(Stream body, string? encoding, int maxMessageBytes, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderBytes];
        var headerRead = await body.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, cancellationToken);
        if (headerRead == 0)
        {
            throw new GrpcCallException(GrpcStatus.InvalidArgument, "request carried no message");
        }
        if (headerRead < HeaderBytes)
        {
            throw new GrpcCallException(GrpcStatus.InvalidArgument, $"truncated frame: {headerRead} of the {HeaderBytes} header bytes");
        }
        var compressed = header[0] switch
        {
            0 => false,
            1 => true,
            var flag => throw new GrpcCallException(GrpcStatus.InvalidArgument, $"invalid compressed flag {flag}"),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
        if (length > maxMessageBytes)
        {
            throw new GrpcCallException(GrpcStatus.ResourceExhausted, $"message of {length} bytes exceeds the {maxMessageBytes}-byte limit");
        }
        var message = await BoundedPayload.ReadAsync(body, (int)length, cancellationToken)
            ?? throw new GrpcCallException(GrpcStatus.InvalidArgument, "a unary call takes exactly one message, the request carried more");
        if (message.Length < length)
        {
            throw new GrpcCallException(GrpcStatus.InvalidArgument, $"truncated frame: {message.Length} of the {length} message bytes");
        }
        if (!compressed)
        {
            return message;
        }
        if (encoding is null or "identity")
        {
            throw new GrpcCallException(GrpcStatus.Internal, "compressed flag set without a grpc-encoding");
        }
        try
        {
            return await BoundedPayload.GunzipAsync(message, maxMessageBytes, cancellationToken)
                ?? throw new GrpcCallException(GrpcStatus.ResourceExhausted, $"decompressed message exceeds the {maxMessageBytes}-byte limit");
        }
        catch (InvalidDataException)
        {
            throw new GrpcCallException(GrpcStatus.InvalidArgument, "message is not valid gzip");
        }
    }

    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[HeaderBytes + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>grpc-message is percent-encoded UTF-8: printable ASCII except '%' passes, every other byte becomes %XX.</summary>
    public static string EncodeStatusMessage(string message)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7e and not (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2"));
            }
        }
        return encoded.ToString();
    }
}
