using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>
/// Runs a verified request's action between its injected faults. Before the write, a fault replaces the action (it
/// does not run, nothing changes) or delays it; after the write, the action has run and its change stands, and a
/// fault strikes only a successful answer: it is lost (a 500, or no answer at all) or held back.
/// </summary>
internal sealed class ActionRunner
{
    private readonly FaultInjector _faults;
    private readonly TimeProvider _time;

    /// <param name="faults">The pending faults.</param>
    /// <param name="time">The clock injected latency waits on.</param>
    public ActionRunner(FaultInjector faults, TimeProvider time)
    {
        _faults = faults;
        _time = time;
    }

    /// <summary>
    /// The action's answer, or a fault's. An unknown action is refused before any fault is taken; an injected reset
    /// throws <see cref="InjectedResetException"/>.
    /// </summary>
    public async Task<ApiResponse> RunAsync(ApiService service, ApiRequest request, CancellationToken cancellationToken)
    {
        if (!service.IsAction(request.Action)) throw service.UnknownAction(request.Action);

        if (_faults.Take(service.Name, request.Action) is ActiveFault fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.Latency:
                    await Task.Delay(fault.Latency, _time, cancellationToken).ConfigureAwait(false);
                    break;
                case FaultKind.Reset:
                    throw new InjectedResetException(afterWrite: false);
                case FaultKind.Throttling:
                    return service.Error(service.Throttling(), request.RequestId);
                default:
                    return service.Error(service.InternalError(), request.RequestId);
            }
        }

        var answer = service.Invoke(request);

        if (answer.Status < 300 && _faults.Take(service.Name, request.Action, FaultPhase.AfterWrite) is ActiveFault after)
        {
            switch (after.Kind)
            {
                case FaultKind.Reset:
                    throw new InjectedResetException(afterWrite: true);
                case FaultKind.Latency:
                    await Task.Delay(after.Latency, _time, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return service.Error(service.InternalError(), request.RequestId);
            }
        }
        return answer;
    }
}

/// <summary>An injected reset: the connection is aborted with no answer.</summary>
internal sealed class InjectedResetException : Exception
{
    public InjectedResetException(bool afterWrite) : base("Injected connection reset.") => AfterWrite = afterWrite;

    /// <summary>True when the action ran and its change stands.</summary>
    public bool AfterWrite { get; }
}
