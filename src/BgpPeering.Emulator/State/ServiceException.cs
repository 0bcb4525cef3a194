namespace BgpPeering.Emulator.State;

/// <summary>
/// An AWS error answer: the error code, its message and the HTTP status. The world throws it when it refuses an
/// operation (an unknown ID, a resource in the wrong state, a rule of the service), and the protocol handlers throw
/// it for input they refuse; the pipeline writes it in its service's format (EC2 XML, Direct Connect JSON, STS XML).
/// Sources for each code and message are in docs/emulator.md, "Error codes".
/// </summary>
internal sealed class ServiceException : Exception
{
    public ServiceException(string code, string message, int status = 400) : base(message)
    {
        Code = code;
        Status = status;
    }

    public string Code { get; }

    public int Status { get; }

    // ---- What the Route Server store refuses (EC2). ----

    public static ServiceException RsPeerNotFound(string id) =>
        new("InvalidRouteServerPeerId.NotFound", "The route server peer ID '" + id + "' does not exist", 400);

    public static ServiceException RsEndpointNotFound(string id) =>
        new("InvalidRouteServerEndpointId.NotFound", "The route server endpoint ID '" + id + "' does not exist", 400);

    public static ServiceException RouteServerNotFound(string id) =>
        new("InvalidRouteServerId.NotFound", "The route server ID '" + id + "' does not exist", 400);

    public static ServiceException IncorrectState(string message) => new("IncorrectState", message, 400);

    public static ServiceException InvalidFilter(string name) =>
        new("InvalidParameterValue", "The filter '" + name + "' is invalid", 400);

    // ---- What the Direct Connect store refuses: every modeled client error is DirectConnectClientException. ----

    public static ServiceException DxClient(string message) => new("DirectConnectClientException", message, 400);
}
