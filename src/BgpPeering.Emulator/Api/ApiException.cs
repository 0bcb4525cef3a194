namespace BgpPeering.Emulator.Api;

/// <summary>
/// An error answer: the AWS error code, its message and the HTTP status. The protocol handler that catches it
/// writes it in its service's format (EC2 XML, Direct Connect JSON, STS XML).
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(string code, string message, int status = 400) : base(message)
    {
        Code = code;
        Status = status;
    }

    public string Code { get; }

    public int Status { get; }

    // ---- EC2 (query protocol). Sources for each code and message are in docs/emulator.md, "Error codes". ----

    public static ApiException MissingParameter(string name) =>
        new("MissingParameter", "The request must contain the parameter " + name, 400);

    public static ApiException InvalidValue(string name, string value, string expected) =>
        new("InvalidParameterValue", "The value (" + value + ") for parameter " + name + " is invalid. " + expected, 400);

    public static ApiException UnknownParameter(string name) =>
        new("UnknownParameter", "The parameter " + name + " is not recognized", 400);

    public static ApiException InvalidFilter(string name) =>
        new("InvalidParameterValue", "The filter '" + name + "' is invalid", 400);

    public static ApiException InvalidPaginationToken() =>
        new("InvalidPaginationToken", "The specified pagination token is not valid or is expired.", 400);

    public static ApiException DryRun() =>
        new("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);

    public static ApiException RsPeerNotFound(string id) =>
        new("InvalidRouteServerPeerId.NotFound", "The route server peer ID '" + id + "' does not exist", 400);

    public static ApiException RsEndpointNotFound(string id) =>
        new("InvalidRouteServerEndpointId.NotFound", "The route server endpoint ID '" + id + "' does not exist", 400);

    public static ApiException IncorrectState(string message) => new("IncorrectState", message, 400);

    // ---- Direct Connect (JSON 1.1): every modeled client error is DirectConnectClientException. ----

    public static ApiException DxClient(string message) => new("DirectConnectClientException", message, 400);
}
