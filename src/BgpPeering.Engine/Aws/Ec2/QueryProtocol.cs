using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Xml;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace BgpPeering.Engine.Aws.Ec2;

/// <summary>One EC2 query-protocol call: the action and its flattened parameters, in the order written.</summary>
internal sealed class QueryRequest : AmazonWebServiceRequest
{
    public QueryRequest(string action, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Action = action;
        Parameters = parameters;
    }

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }
}

/// <summary>
/// Writes <c>Action=…&amp;Version=2016-11-15&amp;…</c> as the body, with the exact Content-Type the official
/// SDKs send (no charset parameter).
/// </summary>
internal sealed class QueryMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string ContentType = "application/x-www-form-urlencoded";

    public static readonly QueryMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var query = (QueryRequest)input;
        var request = new DefaultRequest(query, "EC2") { HttpMethod = "POST", ResourcePath = "/" };
        var body = new List<KeyValuePair<string, string>>(query.Parameters.Count + 2)
        {
            new("Action", query.Action),
            new("Version", ServiceDescription.Ec2.ApiVersion),
        };
        body.AddRange(query.Parameters);
        request.Content = FormEncoding.Encode(body);
        request.Headers["Content-Type"] = ContentType;
        return request;
    }
}

/// <summary>A parsed EC2 response body: whatever the call's reader made of it.</summary>
internal sealed class XmlBodyResponse<T> : AmazonWebServiceResponse
{
    public T Value { get; set; } = default!;
}

/// <summary>
/// Reads an EC2 response straight from the HTTP stream with the call's reader (<see cref="Ec2Responses"/>: one
/// forward pass, no document tree), and EC2's <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c> bodies into
/// <see cref="AmazonServiceException"/> with code, status and request ID.
/// </summary>
internal sealed class XmlBodyUnmarshaller<T> : XmlResponseUnmarshaller
{
    private readonly Func<Ec2XmlCursor, T> _read;

    public XmlBodyUnmarshaller(Func<Ec2XmlCursor, T> read)
    {
        _read = read;
    }

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        try
        {
            using var reader = XmlReader.Create(input.Stream, Ec2XmlCursor.Settings());
            var cursor = new Ec2XmlCursor(reader);
            var response = new XmlBodyResponse<T> { Value = _read(cursor) };
            if (!string.IsNullOrEmpty(cursor.RequestId)) response.ResponseMetadata = new ResponseMetadata { RequestId = cursor.RequestId };
            return response;
        }
        catch (XmlException ex)
        {
            throw new AmazonUnmarshallingException(input.ResponseData?.GetHeaderValue("x-amzn-RequestId") ?? string.Empty,
                input.CurrentPath, string.Empty, "The EC2 response is not well-formed XML: " + ex.Message, ex);
        }
    }

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(input);
        // Core reads <RequestId>; EC2 writes <RequestID>. Take it from the body it buffered.
        var requestId = error.RequestId;
        if (string.IsNullOrEmpty(requestId)) requestId = FindRequestId(input.GetResponseBodyBytes());
        return new AmazonServiceException(error.Message, innerException, error.Type, error.Code, requestId, statusCode);
    }

    private static string? FindRequestId(byte[] body)
    {
        if (body.Length == 0) return null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && (reader.LocalName == "RequestID" || reader.LocalName == "RequestId" || reader.LocalName == "requestId"))
                    return reader.ReadElementContentAsString();
            }
        }
        catch (XmlException)
        {
            // Not XML: there is no request ID to give.
        }
        return null;
    }
}
