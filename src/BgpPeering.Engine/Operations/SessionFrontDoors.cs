using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The engine's front doors, one per resource, reached from the session a cmdlet resolved:
/// <c>session.RouteServerPeers().Get(ids, query)</c>. Each hands out the work a cmdlet runs, so that a cmdlet is its
/// parameters, one call and its output.
/// </summary>
public static class SessionFrontDoors
{
    public static RouteServerPeers RouteServerPeers(this AwsSession session) => new(session.RouteServer);

    public static RouteServerEndpoints RouteServerEndpoints(this AwsSession session) => new(session.RouteServer);

    public static DxBgpPeers DxBgpPeers(this AwsSession session) => new(session.DirectConnect);
}
