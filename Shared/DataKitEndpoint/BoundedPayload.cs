using System.Buffers;
using System.IO.Compression;

namespace InstrumentationModes.DataKit;

/// <summary>Reads request payloads without ever holding more than the limit, so a huge body or a gzip bomb costs at most the limit.</summary>
internal static class BoundedPayload
{
    private const int DefaultInitialBytes = 64 * 1024;

    /// <summary>
    /// The whole stream, or null as soon as it proves longer than <paramref name="limit"/> bytes.
    /// <paramref name="expectedBytes"/> (a Content-Length) only sizes the first buffer: a stream shorter or longer
    /// than announced is still read to its end, and still bounded.
    /// </summary>
    public static async Task<PooledPayload?> ReadAsync(Stream source, long? expectedBytes, int limit, CancellationToken cancellationToken)
    {
        var payload = new PooledPayload(InitialBytes(expectedBytes, limit), limit);
        try
        {
            int read;
            while (payload.EnsureRoom() && (read = await source.ReadAsync(payload.Room, cancellationToken)) > 0)
            {
                payload.Advance(read);
            }
            return Within(payload);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The inflated gzip data of an in-memory stream, or null once it exceeds <paramref name="limit"/> bytes.
    /// Invalid gzip throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static PooledPayload? Gunzip(Stream compressed, int limit)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        var payload = new PooledPayload(DefaultInitialBytes, limit);
        try
        {
            int read;
            while (payload.EnsureRoom() && (read = gzip.Read(payload.Room.Span)) > 0)
            {
                payload.Advance(read);
            }
            return Within(payload);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    // Room for one byte past the content, so that a stream of exactly the announced length ends without another buffer.
    private static int InitialBytes(long? expectedBytes, int limit) =>
        (int)Math.Min(expectedBytes is >= 0 and var expected ? expected + 1 : DefaultInitialBytes, (long)limit + 1);

    private static PooledPayload? Within(PooledPayload payload)
    {
        if (payload.Length <= payload.Limit)
        {
            return payload;
        }
        payload.Dispose();
        return null;
    }
}

/// <summary>
/// A payload in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so that a request's body costs no fresh
/// (large-object-heap) arrays; it holds at most one byte past its limit, the byte that proves a payload too large.
/// </summary>
internal sealed class PooledPayload(int initialBytes, int limit) : IDisposable
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(initialBytes);

    public int Length { get; private set; }

    public int Limit => limit;

    public ReadOnlyMemory<byte> Content => buffer.AsMemory(0, Length);

    /// <summary>The free part of the buffer, never reaching past one byte beyond the limit.</summary>
    public Memory<byte> Room => buffer.AsMemory(Length, Capacity - Length);

    private int Capacity => (int)Math.Min(buffer.Length, (long)limit + 1);

    /// <summary>Makes room for more; false once the payload is already past its limit.</summary>
    public bool EnsureRoom()
    {
        if (Length > limit)
        {
            return false;
        }
        if (Length == Capacity)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, (long)limit + 1));
            buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        return true;
    }

    public void Advance(int count) => Length += count;

    public Stream AsStream() => new MemoryStream(buffer, 0, Length, writable: false);

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            Length = 0;
        }
    }
}
