using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using BgpPeering.Emulator.Pipeline;
using BgpPeering.Tests.Infrastructure;
using static BgpPeering.Tests.Infrastructure.ErrorBodies;
using Xunit;

namespace BgpPeering.Tests.Emulator.Pipeline;

/// <summary>
/// The request pipeline under hostile input: body sizes are capped before anything is allocated, the
/// signature is verified before the body is parsed, malformed input gets the service's own 400 shape (never a 500
/// with an empty body). Raw HttpClient and TcpClient requests against the in-process emulator.
/// </summary>
public sealed class HostileInputTests
{
    private const string DescribePeers = "Action=DescribeRouteServerPeers&Version=2016-11-15";

    [Fact]
    public async Task A_declared_gigabyte_is_refused_with_413_before_it_is_read_or_allocated()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var port = new Uri(emu.Url).Port;
        var before = GC.GetTotalAllocatedBytes(precise: true);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        using var stream = tcp.GetStream();
        var head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1073741824\r\n\r\n" + DescribePeers;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = await ReadResponseHeadAsync(stream);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        // The old code committed the declared length (a 1 GiB MemoryStream); the bound is generous for parallel tests.
        Assert.True(allocated < 256L * 1024 * 1024, "allocated " + allocated + " bytes answering a declared 1 GiB body");
        var log = await emu.Admin.GetRequestsAsync();
        var entry = Assert.Single(log);
        Assert.Equal((413, "RequestEntityTooLarge"), (entry.Status, entry.ErrorCode));
    }

    [Fact]
    public async Task A_chunked_body_over_the_cap_is_refused_with_413_in_the_service_error_shape()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var big = new byte[RequestBody.MaxBytes + 1];
        Array.Fill(big, (byte)'a');
        using var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var message = new HttpRequestMessage(HttpMethod.Post, emu.Url + "/") { Content = content };
        message.Headers.TransferEncodingChunked = true;
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "OvertureService.DescribeVirtualInterfaces");

        HttpResponseMessage response;
        try
        {
            response = await emu.Http.SendAsync(message);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending: then read the log alone.
            response = null!;
        }
        if (response is not null)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("RequestEntityTooLarge", doc.RootElement.GetProperty("__type").GetString());
            }
        }
        var entry = Assert.Single(await emu.Admin.GetRequestsAsync());
        Assert.Equal((413, "RequestEntityTooLarge", "DirectConnect"), (entry.Status, entry.ErrorCode, entry.Service));
    }

    [Fact]
    public async Task A_signed_body_just_under_the_cap_is_verified_and_served()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var sb = new StringBuilder(DescribePeers + "&Filter.1.Name=vpc-id");
        for (var i = 1; sb.Length < RequestBody.MaxBytes - 64; i++) sb.Append("&Filter.1.Value.").Append(i).Append("=vpc-0a1b2c3d4e5f67890");
        Assert.True(sb.Length <= RequestBody.MaxBytes);
        using var response = await emu.SendEc2Async(sb.ToString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rsp-0fedcba9876543210", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unverified_body_is_not_parsed_only_its_first_bytes_are_peeked_at()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        // The action comes after the peek window: a parser would find it, a peek cannot.
        var body = "Version=2016-11-15&Pad=" + new string('x', ServiceIdentity.PeekBytes + 100) + "&Action=DescribeRouteServerPeers";
        using var bad = await emu.SendEc2Async(body, secretKey: "not-the-secret-key-0000000000000000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        // Verified, the same body is parsed in full: its action is found (and its unknown Pad parameter refused).
        using var good = await emu.SendEc2Async(body);
        Assert.Equal(HttpStatusCode.BadRequest, good.StatusCode);
        Assert.Equal("UnknownParameter", (await Ec2Error(good)).Code);

        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal((401, "AuthFailure", string.Empty), (log[0].Status, log[0].ErrorCode, log[0].Action));
        Assert.Equal((400, "DescribeRouteServerPeers"), (log[1].Status, log[1].Action));
    }

    [Fact]
    public async Task A_body_that_would_not_parse_is_refused_for_its_signature_first()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var invalid = new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' };
        using var response = await SendSignedBytesAsync(emu, "directconnect", invalid, "application/x-amz-json-1.1", "OvertureService.DescribeVirtualInterfaces",
            secretKey: "not-the-secret-key-0000000000000000000000");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", (await DxError(response)).Code);
    }

    [Theory]
    [InlineData("Action=DescribeRouteServerPeers&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-0a1b%00", "Filter.1.Value.1")]
    [InlineData("Action=CreateRouteServerPeer&Version=2016-11-15&RouteServerEndpointId=rse-0123456789abcdef0&PeerAddress=10.0.1.10%00&BgpOptions.PeerAsn=65001", "PeerAddress")]
    [InlineData("Action=DescribeRouteServerPeers&Version=2016-11-15&RouteServerPeerId.1=rsp-0fedcba9876543210\0", "RouteServerPeerId.1")]
    [InlineData("Action=DescribeRouteServerPeers&Version=2016-11-15&Filter.1.Name=tag:Name&Filter.1.Value.1=%EF%BF%BF", "Filter.1.Value.1")]
    public async Task A_NUL_or_other_character_XML_cannot_carry_in_a_signed_EC2_request_is_a_400_EC2_error(string body, string parameter)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var response = await emu.SendEc2Async(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (code, message) = await Ec2Error(response);
        Assert.Equal("InvalidParameterValue", code);
        Assert.Contains(parameter, message, StringComparison.Ordinal);
        Assert.Equal(1, emu.State.RouteServerPeerCount); // the demo's one peer: nothing was created
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_signed_Direct_Connect_body_is_a_400_SerializationException()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var body = Encoding.UTF8.GetBytes("{\"virtualInterfaceId\":\"dxvif-ffabc123\",\"newBGPPeer\":{\"addressFamily\":\"ipv6\",\"asnLong\":65000,\"authKey\":\"k\"}}").ToList();
        var at = body.IndexOf((byte)'k');
        body.InsertRange(at, new byte[] { 0xFF, 0xFE, 0xC3 });
        using var response = await SendSignedBytesAsync(emu, "directconnect", body.ToArray(), "application/x-amz-json-1.1", "OvertureService.CreateBGPPeer");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SerializationException", (await DxError(response)).Code);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_signed_EC2_body_is_a_400_EC2_error()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var body = Encoding.ASCII.GetBytes(DescribePeers + "&Filter.1.Name=vpc-id&Filter.1.Value.1=").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        using var response = await SendSignedBytesAsync(emu, "ec2", body, "application/x-www-form-urlencoded", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterValue", (await Ec2Error(response)).Code);
    }

    // ------------------------------------------------------------------ helpers

    private static async Task<string> ReadResponseHeadAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, cts.Token);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return text.ToString();
    }

    private static async Task<HttpResponseMessage> SendSignedBytesAsync(EmulatorFixture emu, string signingName, byte[] body, string contentType, string? target,
        string secretKey = EmulatorFixture.SecretKey)
    {
        var sdkRequest = new DefaultRequest(new GetCallerIdentityRequest(), "Raw")
        {
            HttpMethod = "POST",
            Endpoint = new Uri(emu.Url),
            ResourcePath = "/",
            Content = body,
        };
        sdkRequest.Headers["Content-Type"] = contentType;
        if (target is not null) sdkRequest.Headers["X-Amz-Target"] = target;
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = emu.Url, AuthenticationRegion = EmulatorFixture.Region, AuthenticationServiceName = signingName };
        var signing = new AWS4Signer().SignRequest(sdkRequest, config, null, EmulatorFixture.AccessKey, secretKey);
        sdkRequest.Headers["Authorization"] = signing.ForAuthorizationHeader;
        var message = new HttpRequestMessage(HttpMethod.Post, emu.Url + "/") { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in sdkRequest.Headers)
        {
            if (string.Equals(name, "host", StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, value);
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        return await emu.Http.SendAsync(message);
    }
}
