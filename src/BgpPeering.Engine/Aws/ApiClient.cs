using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Model;

namespace BgpPeering.Engine.Aws;

/// <summary>
/// The base of the typed APIs the front doors call (<see cref="Ec2.RouteServerClient"/>,
/// <see cref="DirectConnect.DirectConnectClient"/>): where they call, how their writes are retried, what every object
/// read from them is stamped with, and the one way their pages are followed (<see cref="ReadPagesAsync{T}"/>).
/// </summary>
public abstract class ApiClient
{
    private readonly TimeProvider _time;

    private protected ApiClient(ServiceDescription service, string region, string? endpointUrl, TimeProvider? time)
    {
        Service = service;
        Region = region;
        EndpointUrl = endpointUrl;
        _time = time ?? TimeProvider.System;
    }

    public string Region { get; }

    public string? EndpointUrl { get; }

    /// <summary>How the engine retries this client's creates and deletes (the SDK retries only reads).</summary>
    public MutationRetryOptions MutationRetry { get; set; } = new();

    internal ServiceDescription Service { get; }

    /// <summary>Where and when a response is read, stamped onto every object parsed from it.</summary>
    private protected ReadContext Context() => new(Region, EndpointUrl, _time.GetUtcNow());

    /// <summary>
    /// Reads page after page of <paramref name="action"/> until the service gives no next token, handing each page
    /// (and its number, from 1) to <paramref name="onPage"/> as it arrives; <paramref name="onPage"/> returns false
    /// to stop early. A token the service has already given ends the read with a <c>PagingLoop</c> error instead of
    /// asking for the same pages forever.
    /// </summary>
    internal async Task ReadPagesAsync<T>(string action, Func<string?, CancellationToken, Task<Page<T>>> read, Func<Page<T>, int, bool> onPage, CancellationToken ct)
    {
        string? token = null;
        var number = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            ct.ThrowIfCancellationRequested();
            var page = await read(token, ct).ConfigureAwait(false);
            if (!onPage(page, ++number)) return;
            token = page.NextToken;
            if (token is not null && !seen.Add(token))
                throw new AwsServiceException(Service.ServiceId, action, "PagingLoop",
                    action + " returned the same nextToken twice; stopping rather than looping.", 200, null);
        }
        while (token is not null);
    }
}
