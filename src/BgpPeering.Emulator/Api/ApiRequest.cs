using BgpPeering.Emulator.Auth;

namespace BgpPeering.Emulator.Api;

/// <summary>A request whose signature has been verified, as its action receives it.</summary>
/// <param name="Action">The action's name, such as <c>CreateRouteServerPeer</c>.</param>
/// <param name="Principal">Who signed it.</param>
/// <param name="Region">The region of its signature's scope (the state's region when the scope names none), for ARNs.</param>
/// <param name="RequestId">The ID its answer carries.</param>
/// <param name="Query">The query protocol's parameters (EC2, STS); null for Direct Connect.</param>
/// <param name="Body">The raw body, checked to be UTF-8 (Direct Connect reads its JSON from it).</param>
internal sealed record ApiRequest(string Action, Principal Principal, string Region, string RequestId, QueryParameters? Query, byte[] Body);
