using System.Globalization;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Auth;
using Microsoft.AspNetCore.Http;

namespace BgpPeering.Emulator.Hosting;

/// <summary>
/// Every request but the admin API goes through here: identify the protocol and action, verify the SigV4 signature
/// against the expected signing name, apply an injected fault, run the action, answer in the protocol's format and
/// log the outcome.
/// </summary>
internal sealed class ApiPipeline
{
    public const string Ec2Service = "EC2";
    public const string DirectConnectService = "DirectConnect";
    public const string StsService = "STS";

    private readonly EmulatorRuntime _rt;

    public ApiPipeline(EmulatorRuntime runtime) => _rt = runtime;

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/_emulator", StringComparison.Ordinal))
        {
            await _rt.Admin.HandleAsync(ctx).ConfigureAwait(false);
            return;
        }
        if (HttpMethods.IsGet(request.Method) && !request.QueryString.HasValue)
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("BgpPeering emulator: EC2 Route Server (query), Direct Connect (JSON 1.1) and STS. Sign requests with SigV4. Test control: " + _rt.Url + "/_emulator/health\n").ConfigureAwait(false);
            return;
        }

        var requestId = Guid.NewGuid().ToString();
        var now = _rt.State.Time.GetUtcNow();

        // The service, from the headers alone: nothing of the body is parsed before its signature has been checked.
        var target = request.Headers["X-Amz-Target"].ToString();
        var header = request.Headers.Authorization.ToString();
        SigV4Authorization? signedScope = null;
        var signed = header.Length > 0 && SigV4.TryParse(header, out signedScope, out _);
        string service = target.Length > 0 ? DirectConnectService : signed && signedScope!.Service == "sts" ? StsService : Ec2Service;
        var action = target.Length > 0
            ? (target.StartsWith(DirectConnectApi.TargetPrefix, StringComparison.Ordinal) ? target[DirectConnectApi.TargetPrefix.Length..] : target)
            : string.Empty;

        ApiResponse response;
        string? accessKeyId = null;
        var body = await ReadBodyAsync(request, MaxBodyBytes, ctx.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            // Refused before reading: the declared (or streamed) length is over the cap, and nothing was buffered.
            response = Error(service, "RequestEntityTooLarge",
                "The request body is larger than the emulator accepts (" + MaxBodyBytes.ToString(CultureInfo.InvariantCulture) + " bytes).", 413, requestId);
            ctx.Response.Headers.Connection = "close";
        }
        else
        {
            QueryParameters? query = null;
            if (target.Length == 0)
            {
                // Which action, for the log and (unsigned) for STS or EC2: a bounded peek, not a parse of the body.
                var peek = PeekQuery(request, body);
                action = peek.Get("Action") ?? string.Empty;
                if (!signed) service = StsApi.IsAction(action) || peek.Get("Version") == StsApi.Version ? StsService : Ec2Service;
            }
            var signingName = service switch { Ec2Service => "ec2", DirectConnectService => "directconnect", _ => "sts" };
            var auth = _rt.Credentials.Verify(request, body, signingName, now);
            accessKeyId = auth.AccessKeyId;
            if (auth.Outcome != AuthOutcome.Ok)
            {
                response = AuthError(service, auth, requestId);
            }
            else if (Parse(service, request, body, out query) is ApiException malformed)
            {
                // Verified, but not text the service could read: its own 400, never a 500.
                response = Error(service, malformed.Code, malformed.Message, malformed.Status, requestId);
            }
            else
            {
                if (query is not null) action = query.Get("Action") ?? string.Empty;
                try
                {
                    response = await InvokeAsync(service, action, query, body, auth, requestId, ctx.RequestAborted).ConfigureAwait(false);
                }
                catch (ApiException ex)
                {
                    response = Error(service, ex.Code, ex.Message, ex.Status, requestId);
                }
                catch (InjectedResetException ex)
                {
                    // An injected "reset": no answer at all, the connection is aborted (after the write, the change stands).
                    _rt.Log.Add(now, service, action, 0, ex.AfterWrite ? "InjectedResetAfterWrite" : "InjectedReset", auth.AccessKeyId, requestId);
                    ctx.Abort();
                    return;
                }
                catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
                {
                    _rt.Log.Add(now, service, action, 499, "ClientClosedRequest", auth.AccessKeyId, requestId);
                    return;
                }
                catch (Exception ex)
                {
                    _rt.Options.Output?.WriteLine("Internal error in " + service + " " + action + ": " + ex.GetType().Name + ": " + ex.Message);
                    response = Error(service, service == Ec2Service ? "InternalError" : service == StsService ? "InternalFailure" : "DirectConnectServerException",
                        "An internal error has occurred", 500, requestId);
                }
            }
        }

        _rt.Log.Add(now, service, action, response.Status, response.ErrorCode, accessKeyId, requestId);
        if (_rt.Options.Verbose)
        {
            _rt.Options.Output?.WriteLine(now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + service + " " + action + " " + response.Status
                + (response.ErrorCode is null ? string.Empty : " " + response.ErrorCode));
        }

        ctx.Response.StatusCode = response.Status;
        ctx.Response.ContentType = response.ContentType;
        ctx.Response.ContentLength = response.Body.Length;
        if (response.Headers is not null)
        {
            foreach (var (name, value) in response.Headers) ctx.Response.Headers[name] = value;
        }
        await ctx.Response.Body.WriteAsync(response.Body, ctx.RequestAborted).ConfigureAwait(false);
    }

    private async Task<ApiResponse> InvokeAsync(string service, string action, QueryParameters? query, byte[] body, AuthResult auth, string requestId, CancellationToken cancellationToken)
    {
        var principal = auth.Principal!;
        var region = string.IsNullOrEmpty(auth.Region) ? _rt.State.Region : auth.Region;
        switch (service)
        {
            case Ec2Service when action.Length == 0:
                throw new ApiException("MissingAction", "The request must contain the parameter Action", 400);
            case Ec2Service when !Ec2Api.IsAction(action):
                throw new ApiException("InvalidAction", "The action " + action + " is not valid for this web service.", 400);
            case DirectConnectService when !DirectConnectApi.IsAction(action):
                throw new ApiException("UnknownOperationException", "Unknown operation " + action + ".", 400);
            case StsService when !StsApi.IsAction(action):
                throw new ApiException("InvalidAction", "Could not find operation " + action + " for version " + StsApi.Version, 400);
        }

        if (_rt.Faults.Take(service, action) is ActiveFault fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.Latency:
                    await Task.Delay(fault.Latency, _rt.State.Time, cancellationToken).ConfigureAwait(false);
                    break;
                case FaultKind.Reset:
                    throw new InjectedResetException(afterWrite: false);
                case FaultKind.Throttling:
                    return service switch
                    {
                        Ec2Service => Error(service, "RequestLimitExceeded", "Request limit exceeded.", 503, requestId),
                        DirectConnectService => Error(service, "ThrottlingException", "Rate exceeded", 400, requestId),
                        _ => Error(service, "Throttling", "Rate exceeded", 400, requestId),
                    };
                default:
                    return service switch
                    {
                        Ec2Service => Error(service, "InternalError", "An internal error has occurred", 500, requestId),
                        DirectConnectService => Error(service, "DirectConnectServerException", "An internal error has occurred", 500, requestId),
                        _ => Error(service, "InternalFailure", "An internal error has occurred", 500, requestId),
                    };
            }
        }

        var answer = service switch
        {
            Ec2Service => _rt.Ec2.Invoke(action, query!, principal, region, requestId),
            DirectConnectService => _rt.DirectConnect.Invoke(action, body, principal, region, requestId),
            _ => _rt.Sts.Invoke(action, query!, principal, requestId),
        };

        // After-write faults: the action ran and its change stands; only the answer is lost.
        if (answer.Status < 300 && _rt.Faults.Take(service, action, FaultPhase.AfterWrite) is ActiveFault after)
        {
            switch (after.Kind)
            {
                case FaultKind.Reset:
                    throw new InjectedResetException(afterWrite: true);
                case FaultKind.Latency:
                    await Task.Delay(after.Latency, _rt.State.Time, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    return service switch
                    {
                        Ec2Service => Error(service, "InternalError", "An internal error has occurred", 500, requestId),
                        DirectConnectService => Error(service, "DirectConnectServerException", "An internal error has occurred", 500, requestId),
                        _ => Error(service, "InternalFailure", "An internal error has occurred", 500, requestId),
                    };
            }
        }
        return answer;
    }

    /// <summary>An injected reset: the connection is aborted with no answer.</summary>
    private sealed class InjectedResetException : Exception
    {
        public InjectedResetException(bool afterWrite) : base("Injected connection reset.") => AfterWrite = afterWrite;

        public bool AfterWrite { get; }
    }

    private static ApiResponse Error(string service, string code, string message, int status, string requestId) => service switch
    {
        Ec2Service => Ec2Api.Error(code, message, status, requestId),
        DirectConnectService => DirectConnectApi.Error(code, message, status, requestId),
        _ => StsApi.Error(code, message, status, requestId),
    };

    /// <summary>Each service's own answer to a failed signature check (sources in docs/emulator.md).</summary>
    private static ApiResponse AuthError(string service, AuthResult r, string requestId)
    {
        const string Invalid = "The security token included in the request is invalid.";
        const string Expired = "The security token included in the request is expired";
        var (code, message, status) = service switch
        {
            Ec2Service => r.Outcome switch
            {
                AuthOutcome.Missing => ("MissingAuthenticationToken", "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", 403),
                AuthOutcome.Incomplete => ("IncompleteSignature", r.Detail, 400),
                AuthOutcome.Expired or AuthOutcome.TokenExpired => ("RequestExpired", "Request has expired.", 400),
                _ => ("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
            },
            DirectConnectService => r.Outcome switch
            {
                AuthOutcome.Missing => ("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
                AuthOutcome.Incomplete => ("IncompleteSignatureException", r.Detail, 400),
                AuthOutcome.UnknownKey or AuthOutcome.TokenInvalid => ("UnrecognizedClientException", Invalid, 403),
                AuthOutcome.TokenExpired => ("ExpiredTokenException", Expired, 403),
                _ => ("InvalidSignatureException", r.Detail, 403),
            },
            _ => r.Outcome switch
            {
                AuthOutcome.Missing => ("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
                AuthOutcome.Incomplete => ("IncompleteSignature", r.Detail, 400),
                AuthOutcome.UnknownKey or AuthOutcome.TokenInvalid => ("InvalidClientTokenId", Invalid, 403),
                AuthOutcome.TokenExpired => ("ExpiredToken", Expired, 403),
                _ => ("SignatureDoesNotMatch", r.Detail, 403),
            },
        };
        return Error(service, code, message, status, requestId);
    }

    /// <summary>The largest request body the emulator reads: 1 MiB (a DescribeRouteServerPeers of 1000 IDs is about 45 KB).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>How much of an unverified body <see cref="PeekQuery"/> looks at.</summary>
    public const int PeekBytes = 4096;

    /// <summary>
    /// The body, or null when it is over <paramref name="limit"/>. A declared Content-Length over the limit is refused
    /// before a byte is read; a body without one (chunked) is read in small pieces until the limit. Memory is never
    /// committed from the client's declaration: the buffer grows with what actually arrives.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is long declared)
        {
            if (declared == 0) return Array.Empty<byte>();
            if (declared > limit) return null;
        }
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + read > limit) return null;
            ms.Write(buffer, 0, read);
        }
        return ms.ToArray();
    }

    /// <summary>
    /// The query parameters of at most the first <see cref="PeekBytes"/> of an unverified request: enough to tell
    /// STS from EC2 and to log the action, bounded whatever the body's size.
    /// </summary>
    private static QueryParameters PeekQuery(HttpRequest request, byte[] body)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            var q = request.QueryString.Value ?? string.Empty;
            return QueryParameters.Parse(q.Length > 1 ? q[1..Math.Min(q.Length, PeekBytes)] : string.Empty);
        }
        var n = Math.Min(body.Length, PeekBytes);
        var text = System.Text.Encoding.UTF8.GetString(body, 0, n);
        // A cut-off last pair is not a parameter.
        if (n < body.Length && text.LastIndexOf('&') is var amp && amp >= 0) text = text[..amp];
        else if (n < body.Length) text = string.Empty;
        return QueryParameters.Parse(text);
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Parses a verified request (the query protocol's parameters into <paramref name="query"/>), or returns the error
    /// for input the service could not read, answered with its own 400 shape: a body that is not UTF-8 (Direct Connect
    /// says SerializationException), or, for the query protocol, a NUL or other control character in a name or value
    /// (EC2 answers InvalidParameterValue; XML could not even carry it back).
    /// </summary>
    private static ApiException? Parse(string service, HttpRequest request, byte[] body, out QueryParameters? query)
    {
        query = null;
        try
        {
            StrictUtf8.GetCharCount(body);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return service == DirectConnectService
                ? new ApiException("SerializationException", "The request body is not valid UTF-8.", 400)
                : new ApiException("InvalidParameterValue", "The request body is not valid UTF-8.", 400);
        }
        if (service == DirectConnectService) return null;
        query = HttpMethods.IsPost(request.Method) ? QueryParameters.Parse(body) : QueryParameters.Parse(request.QueryString.Value is { Length: > 1 } q ? q[1..] : string.Empty);
        foreach (var key in query.Keys)
        {
            if (IndexOfControl(key) < 0 && IndexOfControl(query.Get(key)!) < 0) continue;
            var name = IndexOfControl(key) >= 0 ? "a parameter name" : "parameter " + key;
            return new ApiException("InvalidParameterValue", "The value for " + name + " contains a control character (such as NUL), which is not allowed.", 400);
        }
        return null;
    }

    private static int IndexOfControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF') return i;
        }
        return -1;
    }
}
