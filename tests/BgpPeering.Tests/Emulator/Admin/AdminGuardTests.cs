using System.Net;
using System.Net.Sockets;
using System.Text;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Admin;

/// <summary>
/// The admin API under /_emulator/ needs no signature, so it serves only the user's own tools: a foreign Host (DNS
/// rebinding), a cross-site Origin or Sec-Fetch-Site, or a POST body that is not JSON (a cross-site form or
/// text/plain fetch) is refused, and nothing changes.
/// </summary>
public sealed class AdminGuardTests
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1.evil.example:{port}")]
    [InlineData("localhost.evil.example")]
    [InlineData("10.0.0.1:{port}")]
    public async Task A_request_whose_Host_is_not_loopback_is_refused_and_changes_nothing(string host)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var port = new Uri(emu.Url).Port;
        await emu.Admin.InjectFaultAsync(new BgpPeering.Emulator.Admin.FaultSpec { Kind = "throttling", Count = 5 });

        var answer = await RawAsync(port, "POST", "/_emulator/reset", host.Replace("{port}", port.ToString(), StringComparison.Ordinal), null, null);

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1, localhost or [::1]", answer, StringComparison.Ordinal);
        Assert.Single(await emu.Admin.GetFaultsForTestsAsync(emu));
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("LOCALHOST")]
    [InlineData("[::1]:{port}")]
    [InlineData("127.0.0.1")]
    public async Task Loopback_hosts_with_or_without_the_port_are_served(string host)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var port = new Uri(emu.Url).Port;
        var answer = await RawAsync(port, "GET", "/_emulator/health", host.Replace("{port}", port.ToString(), StringComparison.Ordinal), null, null);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"ok\"", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://evil.example:{port}")]
    [InlineData("null")]
    [InlineData("file://")]
    public async Task A_cross_site_Origin_is_refused_and_changes_nothing(string origin)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var port = new Uri(emu.Url).Port;
        await emu.Admin.InjectFaultAsync(new BgpPeering.Emulator.Admin.FaultSpec { Kind = "throttling", Count = 5 });
        using var request = new HttpRequestMessage(HttpMethod.Delete, emu.Url + "/_emulator/faults");
        request.Headers.TryAddWithoutValidation("Origin", origin.Replace("{port}", port.ToString(), StringComparison.Ordinal));

        using var response = await emu.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross-site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await emu.Admin.GetFaultsForTestsAsync(emu));
    }

    [Fact]
    public async Task A_same_machine_Origin_is_served_and_Sec_Fetch_Site_cross_site_is_refused()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Get, emu.Url + "/_emulator/health");
        sameOrigin.Headers.TryAddWithoutValidation("Origin", emu.Url);
        using (var ok = await emu.Http.SendAsync(sameOrigin)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, emu.Url + "/_emulator/reset");
        crossSite.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        using var refused = await emu.Http.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_POST_body_that_is_not_JSON_is_refused_with_415_and_changes_nothing(string contentType)
    {
        await using var emu = await EmulatorFixture.StartAsync();
        var body = new StringContent("""{"kind":"throttling","count":3}""", Encoding.UTF8);
        body.Headers.Remove("Content-Type");
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await emu.Http.PostAsync(emu.Url + "/_emulator/faults", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await emu.Admin.GetFaultsForTestsAsync(emu));
    }

    [Fact]
    public async Task JSON_bodies_and_bodiless_POSTs_are_served()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        using var json = await emu.Http.PostAsync(emu.Url + "/_emulator/faults",
            new StringContent("""{"kind":"throttling","count":3}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Single(await emu.Admin.GetFaultsForTestsAsync(emu));

        using var reset = await emu.Http.PostAsync(emu.Url + "/_emulator/reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Empty(await emu.Admin.GetFaultsForTestsAsync(emu));

        // An empty POST may carry any content type (Invoke-RestMethod -Method Post sends one): there is no body to smuggle.
        var port = new Uri(emu.Url).Port;
        var answer = await RawAsync(port, "POST", "/_emulator/reset", "127.0.0.1:" + port, "application/x-www-form-urlencoded", null);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_cross_site_form_POST_is_refused_by_its_Origin()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new BgpPeering.Emulator.Admin.FaultSpec { Kind = "throttling", Count = 5 });
        using var request = new HttpRequestMessage(HttpMethod.Post, emu.Url + "/_emulator/reset") { Content = new ByteArrayContent(Array.Empty<byte>()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var response = await emu.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(await emu.Admin.GetFaultsForTestsAsync(emu));
    }

    private static async Task<string> RawAsync(int port, string method, string path, string host, string? contentType, string? body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        using var stream = tcp.GetStream();
        var bytes = body is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\nConnection: close\r\nContent-Length: ").Append(bytes.Length).Append("\r\n");
        if (contentType is not null) head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await reader.ReadToEndAsync(cts.Token);
    }
}

internal static class AdminFaultsForTests
{
    /// <summary>The faults the emulator holds, as the admin API lists them.</summary>
    public static async Task<List<System.Text.Json.JsonElement>> GetFaultsForTestsAsync(this BgpPeering.Emulator.Admin.EmulatorAdminClient admin, EmulatorFixture emu)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await emu.Http.GetStringAsync(admin.BaseUrl + "/_emulator/faults"));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
