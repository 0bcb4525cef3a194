using System.Text;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.Auth;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>
/// Which service and action a request is for, decided before its body is parsed: nothing of an unverified body is
/// read but a bounded peek at its start.
/// </summary>
/// <param name="Service">The service whose format every answer takes.</param>
/// <param name="Action">The action as far as it can be known yet (empty when none).</param>
/// <param name="Signed">Whether the request carries a SigV4 Authorization header that parses.</param>
internal sealed record ServiceIdentity(ApiService Service, string Action, bool Signed)
{
    /// <summary>How much of an unverified body <see cref="WithPeek"/> looks at.</summary>
    public const int PeekBytes = 4096;

    /// <summary>
    /// From the headers alone: <c>X-Amz-Target</c> means Direct Connect (its action follows
    /// <c>OvertureService.</c>); otherwise the signature's scope, <c>sts</c> for STS and anything else for EC2.
    /// </summary>
    public static ServiceIdentity FromHeaders(HttpRequest request, ApiServices services)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var header = request.Headers.Authorization.ToString();
        SigV4Authorization? signedScope = null;
        var signed = header.Length > 0 && SigV4.TryParse(header, out signedScope, out _);
        if (target.Length > 0)
        {
            var prefix = DirectConnectApi.TargetPrefix;
            return new ServiceIdentity(services.DirectConnect, target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : target, signed);
        }
        return new ServiceIdentity(signed && signedScope!.Service == "sts" ? services.Sts : services.Ec2, string.Empty, signed);
    }

    /// <summary>
    /// For the query protocol, the action from a bounded peek at the body (for the log); an unsigned request is STS
    /// when the peeked <c>Action</c> is one of STS's or its <c>Version</c> is STS's, else EC2 (for the error's shape).
    /// </summary>
    public ServiceIdentity WithPeek(HttpRequest request, byte[] body, ApiServices services)
    {
        if (Service.Protocol != ApiProtocol.Query) return this;
        var peek = PeekQuery(request, body);
        var action = peek.Get("Action") ?? string.Empty;
        if (Signed) return this with { Action = action };
        var sts = services.Sts.IsAction(action) || peek.Get("Version") == StsApi.Version;
        return this with { Service = sts ? services.Sts : services.Ec2, Action = action };
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
        var text = Encoding.UTF8.GetString(body, 0, n);
        // A cut-off last pair is not a parameter.
        if (n < body.Length && text.LastIndexOf('&') is var amp && amp >= 0) text = text[..amp];
        else if (n < body.Length) text = string.Empty;
        return QueryParameters.Parse(text);
    }
}
