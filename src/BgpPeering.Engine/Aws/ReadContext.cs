using System;

namespace BgpPeering.Engine.Aws;

/// <summary>Where and when a response was read; stamped onto every object parsed from it.</summary>
internal readonly struct ReadContext
{
    public ReadContext(string region, string? endpointUrl, DateTimeOffset retrievedAt)
    {
        Region = region;
        EndpointUrl = endpointUrl;
        RetrievedAt = retrievedAt;
    }

    public string Region { get; }

    public string? EndpointUrl { get; }

    public DateTimeOffset RetrievedAt { get; }
}
