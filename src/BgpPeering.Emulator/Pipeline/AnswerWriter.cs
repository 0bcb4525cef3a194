using System.Globalization;
using BgpPeering.Emulator.Admin;
using BgpPeering.Emulator.Api;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>
/// The end of every API request: its entry in the request log and, for an answered one, a line on the output (with
/// <c>--verbose</c>) and the answer written to the client.
/// </summary>
internal sealed class AnswerWriter
{
    private readonly RequestLog _log;
    private readonly TextWriter? _output;
    private readonly bool _verbose;

    public AnswerWriter(RequestLog log, TextWriter? output, bool verbose)
    {
        _log = log;
        _output = output;
        _verbose = verbose;
    }

    public async Task AnswerAsync(ApiExchange x, ApiResponse response)
    {
        _log.Add(x.Now, x.Service.Name, x.Action, response.Status, response.ErrorCode, x.AccessKeyId, x.RequestId);
        if (_verbose)
        {
            _output?.WriteLine(x.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + x.Service.Name + " " + x.Action + " " + response.Status
                + (response.ErrorCode is null ? string.Empty : " " + response.ErrorCode));
        }

        var http = x.Http.Response;
        http.StatusCode = response.Status;
        http.ContentType = response.ContentType;
        http.ContentLength = response.Body.Length;
        if (response.Headers is not null)
        {
            foreach (var (name, value) in response.Headers) http.Headers[name] = value;
        }
        await http.Body.WriteAsync(response.Body, x.Http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs a request that gets no answer: an injected reset (status 0, <c>InjectedReset</c> or
    /// <c>InjectedResetAfterWrite</c>) or a client that went away (499, <c>ClientClosedRequest</c>).
    /// </summary>
    public void Unanswered(ApiExchange x, int status, string errorCode) =>
        _log.Add(x.Now, x.Service.Name, x.Action, status, errorCode, x.AccessKeyId, x.RequestId);
}
