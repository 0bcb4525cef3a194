namespace BgpPeering.Engine.Operations;

/// <summary>
/// The engine's front doors, one per resource, reached from the session a cmdlet resolved:
/// <c>session.RouteServerPeers().Get(ids, query)</c>. Each hands out the work a cmdlet runs, so that a cmdlet is its
/// parameters, one call and its output. Each front door's file adds its own extension method to this class.
/// </summary>
public static partial class SessionFrontDoors
{
}
