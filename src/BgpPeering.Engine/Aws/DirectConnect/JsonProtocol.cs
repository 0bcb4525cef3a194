using System;
using System.IO;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>One Direct Connect (awsJson1_1) call: the operation and its body, already serialised as compact JSON.</summary>
internal sealed class JsonRequest : AmazonWebServiceRequest
{
    public JsonRequest(string operation, byte[] body)
    {
        Operation = operation;
        Body = body;
    }

    public string Operation { get; }

    public byte[] Body { get; }
}

/// <summary>
/// Writes the request as the official SDKs do: <c>POST /</c>, <c>X-Amz-Target: OvertureService.&lt;Op&gt;</c>,
/// <c>Content-Type: application/x-amz-json-1.1</c> and the JSON bytes as the body.
/// </summary>
internal sealed class JsonMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The Smithy service name the target header starts with (not "DirectConnect").</summary>
    public const string TargetPrefix = "OvertureService.";

    public static readonly JsonMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var json = (JsonRequest)input;
        var request = new DefaultRequest(json, ServiceDescription.DirectConnect.ServiceId) { HttpMethod = "POST", ResourcePath = "/" };
        request.Headers["X-Amz-Target"] = TargetPrefix + json.Operation;
        request.Headers["Content-Type"] = ContentType;
        request.Content = json.Body;
        return request;
    }
}

/// <summary>A parsed Direct Connect response body.</summary>
internal sealed class JsonBodyResponse : AmazonWebServiceResponse
{
    public JsonElement Root { get; set; }
}

/// <summary>
/// Reads a Direct Connect response body into a <see cref="JsonElement"/>, and error bodies
/// (<c>{"__type": …, "message": …}</c>, a namespaced <c>__type</c>, or the <c>x-amzn-ErrorType</c> header)
/// into <see cref="AmazonServiceException"/> with code, message, status and request ID.
/// </summary>
internal sealed class JsonBodyUnmarshaller : JsonResponseUnmarshaller
{
    public static readonly JsonBodyUnmarshaller Instance = new();

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext input)
    {
        try
        {
            using var buffer = new MemoryStream();
            input.Stream.CopyTo(buffer);
            if (buffer.Length == 0) throw new JsonException("The response body is empty.");
            using var doc = JsonDocument.Parse(buffer.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException("The response body is JSON but not an object: " + doc.RootElement.ValueKind + ".");
            // Clone: the element must outlive the document, which is disposed here.
            return new JsonBodyResponse { Root = doc.RootElement.Clone() };
        }
        catch (JsonException ex)
        {
            throw new AmazonUnmarshallingException(input.ResponseData?.GetHeaderValue("x-amzn-RequestId") ?? string.Empty,
                input.CurrentPath, string.Empty, "The Direct Connect response is not the JSON expected: " + ex.Message, ex);
        }
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var reader = new StreamingUtf8JsonReader(input.Stream);
        var error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(input, ref reader);
        try
        {
            // Core 4.0.102 drains the body itself; 4.0.3 may stop at the end of the JSON value.
            input.Stream.CopyTo(Stream.Null);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or NotSupportedException)
        {
            // The body we have is all we can get.
        }
        var code = error.Code;
        var message = error.Message;
        // Core 4.0.3 matches "message" only; the service (and the official SDKs) also accept "Message".
        var fromBody = FindMessage(input.GetResponseBodyBytes());
        if (!string.IsNullOrEmpty(fromBody)) message = fromBody;
        return new AmazonServiceException(message, innerException, error.Type, code, error.RequestId, statusCode);
    }

    private static string? FindMessage(byte[] body)
    {
        if (body.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in new[] { "message", "Message" })
            {
                if (doc.RootElement.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.String) return m.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, say): Core's own message stands.
        }
        return null;
    }
}
