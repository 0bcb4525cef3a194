using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Auth;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>
/// Every API request, stage by stage: which service and action (<see cref="ServiceIdentity"/>), the body within its
/// cap (<see cref="RequestBody"/>), the SigV4 signature against the service's signing name
/// (<see cref="CredentialStore"/>), the body as text (<see cref="RequestText"/>), the action between its injected
/// faults (<see cref="ActionRunner"/>), and the log entry and answer (<see cref="AnswerWriter"/>). A stage that
/// refuses answers in the service's own error format.
/// </summary>
internal sealed class ApiPipeline
{
    private readonly ApiServices _services;
    private readonly CredentialStore _credentials;
    private readonly EmulatorState _state;
    private readonly ActionRunner _runner;
    private readonly AnswerWriter _answers;
    private readonly TextWriter? _output;

    /// <param name="output">Where an internal error is reported (and, with <paramref name="verbose"/>, every request); null for nowhere.</param>
    public ApiPipeline(ApiServices services, CredentialStore credentials, EmulatorState state, EmulatorControl control, TextWriter? output, bool verbose)
    {
        _services = services;
        _credentials = credentials;
        _state = state;
        _runner = new ActionRunner(control.Faults, state.Time);
        _answers = new AnswerWriter(control.Log, output, verbose);
        _output = output;
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        var identity = ServiceIdentity.FromHeaders(request, _services);
        var x = new ApiExchange(ctx, _state.Time.GetUtcNow(), identity);
        var body = await RequestBody.ReadAsync(request, ctx.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            // Refused before reading: the declared (or streamed) length is over the cap, and nothing was buffered.
            ctx.Response.Headers.Connection = "close";
            await _answers.AnswerAsync(x, x.Service.Error(RequestBody.TooLarge(), x.RequestId)).ConfigureAwait(false);
            return;
        }
        x.Identify(identity.WithPeek(request, body, _services));
        if (await RespondAsync(x, body).ConfigureAwait(false) is ApiResponse response)
            await _answers.AnswerAsync(x, response).ConfigureAwait(false);
    }

    /// <summary>The answer to a request whose body has been read; null when it gets none (a reset, or a client that left).</summary>
    private async Task<ApiResponse?> RespondAsync(ApiExchange x, byte[] body)
    {
        var service = x.Service;
        var auth = _credentials.Verify(x.Http.Request, body, service.SigningName, x.Now);
        x.AccessKeyId = auth.AccessKeyId;
        if (auth.Outcome != AuthOutcome.Ok) return service.Error(service.Unauthenticated(auth), x.RequestId);
        // Verified, but not text the service could read: its own 400, never a 500.
        if (RequestText.Read(service, x.Http.Request, body, out var query) is ServiceException malformed) return service.Error(malformed, x.RequestId);
        if (query is not null) x.Action = query.Get("Action") ?? string.Empty;

        var call = new ApiRequest(x.Action, auth.Principal!, string.IsNullOrEmpty(auth.Region) ? _state.Region : auth.Region, x.RequestId, query, body);
        try
        {
            return await _runner.RunAsync(service, call, x.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (ServiceException ex)
        {
            return service.Error(ex, x.RequestId);
        }
        catch (InjectedResetException ex)
        {
            // An injected reset: no answer at all, the connection is aborted (after the write, the change stands).
            _answers.Unanswered(x, 0, ex.AfterWrite ? "InjectedResetAfterWrite" : "InjectedReset");
            x.Http.Abort();
            return null;
        }
        catch (OperationCanceledException) when (x.Http.RequestAborted.IsCancellationRequested)
        {
            _answers.Unanswered(x, 499, "ClientClosedRequest");
            return null;
        }
        catch (Exception ex)
        {
            _output?.WriteLine("Internal error in " + service.Name + " " + x.Action + ": " + ex.GetType().Name + ": " + ex.Message);
            return service.Error(service.InternalError(), x.RequestId);
        }
    }
}
