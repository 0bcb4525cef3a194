using System.Net;
using BgpPeering.Emulator.Admin;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Model;
using BgpPeering.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.Tests.Emulator.Admin;

/// <summary>Injected faults: throttling, internal errors and latency, for one action, one service or all.</summary>
public sealed class FaultInjectionTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string DescribePeers = "Action=DescribeRouteServerPeers&Version=2016-11-15";

    [Fact]
    public async Task Throttling_is_RequestLimitExceeded_503_on_ec2_and_ThrottlingException_400_on_direct_connect()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Count = 2 });

        using var ec2 = await emu.SendEc2Async(DescribePeers);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ec2.StatusCode);
        Assert.Equal(("RequestLimitExceeded", "Request limit exceeded."), await ErrorBodies.Ec2Error(ec2));

        using var dx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, dx.StatusCode);
        Assert.Equal(("ThrottlingException", "Rate exceeded"), await ErrorBodies.DxError(dx));

        using var after = await emu.SendEc2Async(DescribePeers);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task The_engine_retries_through_two_throttles_and_surfaces_a_third()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 2 });

        var page = await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None);

        Assert.Single(page.Items);
        var log = await emu.Admin.GetRequestsAsync();
        Assert.Equal(new[] { 503, 503, 200 }, log.Select(e => e.Status));

        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Action = "DescribeRouteServerPeers", Count = 5 });
        var ex = await Assert.ThrowsAsync<AwsServiceException>(() => emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None));
        Assert.True(ex.IsThrottling);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(6, (await emu.Admin.GetRequestsAsync()).Count); // three attempts in all
        await emu.Admin.ClearFaultsAsync();
        Assert.Single((await emu.RouteServer.DescribePeersAsync(new RouteServerPeerQuery(), null, None)).Items);
    }

    [Fact]
    public async Task Internal_errors_are_500_in_each_protocol()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Count = 3 });

        using var ec2 = await emu.SendEc2Async(DescribePeers);
        Assert.Equal((HttpStatusCode.InternalServerError, "InternalError"), (ec2.StatusCode, (await ErrorBodies.Ec2Error(ec2)).Code));
        using var dx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}");
        Assert.Equal((HttpStatusCode.InternalServerError, "DirectConnectServerException"), (dx.StatusCode, (await ErrorBodies.DxError(dx)).Code));
        using var sts = await emu.SendSignedAsync("sts", "Action=GetCallerIdentity&Version=2011-06-15", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.InternalServerError, sts.StatusCode);
        Assert.Contains("<Code>InternalFailure</Code>", await sts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<Type>Receiver</Type>", await sts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_for_one_action_or_one_service_leaves_the_others_alone()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "internalError", Action = "CreateRouteServerPeer" });
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Service = "DirectConnect" });

        using (var describe = await emu.SendEc2Async(DescribePeers)) Assert.Equal(HttpStatusCode.OK, describe.StatusCode);
        using (var create = await emu.SendEc2Async("Action=CreateRouteServerPeer&Version=2016-11-15&RouteServerEndpointId=rse-0123456789abcdef0&PeerAddress=10.0.1.10&BgpOptions.PeerAsn=65001"))
            Assert.Equal(HttpStatusCode.InternalServerError, create.StatusCode);
        using (var dx = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}")) Assert.Equal("ThrottlingException", (await ErrorBodies.DxError(dx)).Code);
        using (var dxAgain = await emu.SendDirectConnectAsync("DescribeVirtualInterfaces", "{}")) Assert.Equal(HttpStatusCode.OK, dxAgain.StatusCode);
        Assert.Equal(1, emu.State.RouteServerPeerCount); // the failed create made nothing
    }

    [Fact]
    public async Task Latency_holds_the_request_until_the_emulator_clock_has_passed_it()
    {
        await using var emu = await EmulatorFixture.StartAsync();
        await emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "latency", Action = "DescribeRouteServerPeers", LatencyMs = 5000 });

        var call = emu.SendEc2Async(DescribePeers);
        await WaitUntil(() => emu.Clock.PendingTimers > 0 || call.IsCompleted);
        Assert.False(call.IsCompleted);
        emu.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(call.IsCompleted);
        emu.Advance(TimeSpan.FromMilliseconds(1));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rsp-0fedcba9876543210", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_fault_specifications_are_refused_with_a_reason()
    {
        await using var emu = await EmulatorFixture.StartAsync();

        var kind = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "gremlins" }));
        Assert.Equal(400, kind.StatusCode);
        Assert.Contains("throttling, internalError, latency", kind.Message, StringComparison.Ordinal);
        var latency = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "latency" }));
        Assert.Contains("latencyMs", latency.Message, StringComparison.Ordinal);
        var count = await Assert.ThrowsAsync<EmulatorAdminException>(() => emu.Admin.InjectFaultAsync(new FaultSpec { Kind = "throttling", Count = 0 }));
        Assert.Contains("at least 1", count.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits (real time, bounded generously) for the server to reach a state; rules out a hang only.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not reached within 30 s.");
            await Task.Delay(5);
        }
    }
}
