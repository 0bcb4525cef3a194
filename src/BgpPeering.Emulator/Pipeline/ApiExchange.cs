using BgpPeering.Emulator.Api;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>What the pipeline knows of one API request as it goes: what its log entry and its answer are made of.</summary>
internal sealed class ApiExchange
{
    public ApiExchange(HttpContext http, DateTimeOffset now, ServiceIdentity identity)
    {
        Http = http;
        Now = now;
        Service = identity.Service;
        Action = identity.Action;
    }

    public HttpContext Http { get; }

    /// <summary>The ID the answer carries.</summary>
    public string RequestId { get; } = Guid.NewGuid().ToString();

    /// <summary>The simulated clock when the request arrived.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The service whose format every answer to this request takes.</summary>
    public ApiService Service { get; private set; }

    /// <summary>The action as far as it is known: from the headers, a peek at the body, then the parsed body.</summary>
    public string Action { get; set; }

    /// <summary>The access key ID the request was signed with, once its signature has been read.</summary>
    public string? AccessKeyId { get; set; }

    public void Identify(ServiceIdentity identity)
    {
        Service = identity.Service;
        Action = identity.Action;
    }
}
