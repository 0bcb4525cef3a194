using System.Text;
using BgpPeering.Emulator.Api;
using BgpPeering.Emulator.State;

namespace BgpPeering.Emulator.Pipeline;

/// <summary>
/// A verified body read as text the service can take, or refused with the service's own 400: never a 500, and never
/// text that XML could not carry back in an answer.
/// </summary>
internal static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a verified request (the query protocol's parameters into <paramref name="query"/>), or returns the error
    /// for input the service could not read: a body that is not UTF-8 (Direct Connect says SerializationException), or,
    /// for the query protocol, a NUL or other control character in a name or value (EC2 answers
    /// InvalidParameterValue; XML could not even carry it back).
    /// </summary>
    public static ServiceException? Read(ApiService service, HttpRequest request, byte[] body, out QueryParameters? query)
    {
        query = null;
        try
        {
            StrictUtf8.GetCharCount(body);
        }
        catch (DecoderFallbackException)
        {
            return service.Protocol == ApiProtocol.Json
                ? new ServiceException("SerializationException", "The request body is not valid UTF-8.", 400)
                : new ServiceException("InvalidParameterValue", "The request body is not valid UTF-8.", 400);
        }
        if (service.Protocol == ApiProtocol.Json) return null;
        query = HttpMethods.IsPost(request.Method) ? QueryParameters.Parse(body) : QueryParameters.Parse(request.QueryString.Value is { Length: > 1 } q ? q[1..] : string.Empty);
        foreach (var key in query.Keys)
        {
            if (IndexOfControl(key) < 0 && IndexOfControl(query.Get(key)!) < 0) continue;
            var name = IndexOfControl(key) >= 0 ? "a parameter name" : "parameter " + key;
            return new ServiceException("InvalidParameterValue", "The value for " + name + " contains a control character (such as NUL), which is not allowed.", 400);
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
