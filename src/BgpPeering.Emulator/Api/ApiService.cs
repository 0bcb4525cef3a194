using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Api;

/// <summary>How a service's requests carry their input.</summary>
internal enum ApiProtocol
{
    /// <summary>Form parameters (<c>Action=…&amp;Version=…</c>): EC2 and STS.</summary>
    Query,

    /// <summary>A JSON 1.1 body, the action in <c>X-Amz-Target</c>: Direct Connect.</summary>
    Json,
}

/// <summary>
/// One AWS service as the pipeline sees it: its names, its protocol, whether it serves an action, and its own
/// answers to what goes wrong around an action (an unknown action, a failed signature, throttling, a server error,
/// and any <see cref="ServiceException"/> written as its error document).
/// </summary>
internal abstract class ApiService
{
    /// <summary>What JSON and STS services say of an unknown access key or a wrong session token.</summary>
    protected const string InvalidToken = "The security token included in the request is invalid.";

    /// <summary>What JSON and STS services say of expired temporary credentials.</summary>
    protected const string ExpiredToken = "The security token included in the request is expired";

    /// <summary><c>EC2</c>, <c>DirectConnect</c> or <c>STS</c>: the name in the request log and in fault rules.</summary>
    public abstract string Name { get; }

    /// <summary>The signing name its requests' SigV4 scope must carry: <c>ec2</c>, <c>directconnect</c>, <c>sts</c>.</summary>
    public abstract string SigningName { get; }

    public abstract ApiProtocol Protocol { get; }

    /// <summary>The actions it serves, in the order they were registered.</summary>
    public abstract IReadOnlyList<string> Actions { get; }

    public abstract bool IsAction(string action);

    /// <summary>Runs the request's action. What it refuses is thrown as a <see cref="ServiceException"/>.</summary>
    public abstract ApiResponse Invoke(ApiRequest request);

    /// <summary>The answer to an action this service does not serve (or, for EC2, to no action at all).</summary>
    public abstract ServiceException UnknownAction(string action);

    /// <summary>The answer to a signature that did not verify.</summary>
    public abstract ServiceException Unauthenticated(AuthResult result);

    /// <summary>An injected throttling fault's answer.</summary>
    public abstract ServiceException Throttling();

    /// <summary>The answer to an injected server error, or to a fault inside the emulator.</summary>
    public abstract ServiceException InternalError();

    /// <summary>An error document in this service's format.</summary>
    public abstract ApiResponse Error(string code, string message, int status, string requestId);

    public ApiResponse Error(ServiceException error, string requestId) => Error(error.Code, error.Message, error.Status, requestId);
}

/// <summary>
/// A service whose actions are handler methods over one kind of input (<typeparamref name="TInput"/>: the query
/// parameters, or the JSON body). A constructor registers each action with one line:
/// <c>Register("DeleteRouteServerPeer", Delete);</c>, where <c>Delete(QueryParameters p, ApiRequest call)</c> checks
/// its input, then permission, then calls the state through <see cref="EmulatorState.Run{T}"/> and writes the answer.
/// </summary>
internal abstract class ApiService<TInput> : ApiService
{
    private readonly Dictionary<string, Func<TInput, ApiRequest, ApiResponse>> _handlers = new(StringComparer.Ordinal);
    private readonly List<string> _actions = new();

    public sealed override IReadOnlyList<string> Actions => _actions;

    public sealed override bool IsAction(string action) => _handlers.ContainsKey(action);

    public sealed override ApiResponse Invoke(ApiRequest request)
    {
        if (!_handlers.TryGetValue(request.Action, out var handler)) throw UnknownAction(request.Action);
        return handler(ReadInput(request), request);
    }

    protected void Register(string action, Func<TInput, ApiRequest, ApiResponse> handler)
    {
        _handlers.Add(action, handler);
        _actions.Add(action);
    }

    /// <summary>The action's input, read from the request after the action is known; what cannot be read is a <see cref="ServiceException"/>.</summary>
    protected abstract TInput ReadInput(ApiRequest request);
}
