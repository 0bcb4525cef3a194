using System.Globalization;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>An API request's body, read within a cap so that memory never follows a client's declaration.</summary>
internal static class RequestBody
{
    /// <summary>The largest request body the emulator reads: 1 MiB (a DescribeRouteServerPeers of 1000 IDs is about 45 KB).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// The body, or null when it is over <see cref="MaxBytes"/>. A declared Content-Length over the limit is refused
    /// before a byte is read; a body without one (chunked) is read in small pieces until the limit. Memory is never
    /// committed from the client's declaration: the buffer grows with what actually arrives.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long declared)
        {
            if (declared == 0) return Array.Empty<byte>();
            if (declared > MaxBytes) return null;
        }
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + read > MaxBytes) return null;
            ms.Write(buffer, 0, read);
        }
        return ms.ToArray();
    }

    /// <summary>The answer to a body over the cap (HTTP 413), in whichever service's shape the headers named.</summary>
    public static ServiceException TooLarge() => new("RequestEntityTooLarge",
        "The request body is larger than the emulator accepts (" + MaxBytes.ToString(CultureInfo.InvariantCulture) + " bytes).", 413);
}
