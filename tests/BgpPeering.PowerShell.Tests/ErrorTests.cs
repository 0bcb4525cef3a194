using System.Collections;
using System.Management.Automation;
using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// The error model (about_BgpPeering, "Errors") for every cmdlet, in a real runspace: each failure class gives the
/// module's own error ID and category, the failing item as the target, a message, terminating only when the whole
/// call is doomed (rejected credentials), and no secret anywhere in any record.
/// </summary>
public sealed class ErrorTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public ErrorTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    /// <summary>One call per cmdlet that reaches AWS with one item: the cmdlet, its class, its parameters, the action it sends, the item's ID.</summary>
    public sealed record Call(string Command, string Class, string Parameters, string Action, string? Id)
    {
        public override string ToString() => Command + " " + Parameters;
    }

    public static readonly Call[] Calls =
    [
        new("Get-RouteServerPeer", "GetRouteServerPeerCommand", "-RouteServerPeerId rsp-0fedcba9876543210", "DescribeRouteServerPeers", "rsp-0fedcba9876543210"),
        new("Get-RouteServerPeer", "GetRouteServerPeerCommand", "-VpcId vpc-0a1b2c3d4e5f67890", "DescribeRouteServerPeers", null),
        new("Get-RouteServerEndpoint", "GetRouteServerEndpointCommand", "-RouteServerEndpointId rse-0123456789abcdef0", "DescribeRouteServerEndpoints", "rse-0123456789abcdef0"),
        new("Get-RouteServerEndpoint", "GetRouteServerEndpointCommand", "", "DescribeRouteServerEndpoints", null),
        new("Get-DxBgpPeer", "GetDxBgpPeerCommand", "-VirtualInterfaceId dxvif-ffabc123", "DescribeVirtualInterfaces", null),
        new("New-RouteServerPeer", "NewRouteServerPeerCommand", "-RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001", "CreateRouteServerPeer", null),
        new("Remove-RouteServerPeer", "RemoveRouteServerPeerCommand", "-RouteServerPeerId rsp-0fedcba9876543210 -Force", "DeleteRouteServerPeer", "rsp-0fedcba9876543210"),
        new("New-DxBgpPeer", "NewDxBgpPeerCommand", "-VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey 'a-bgp-md5-key-never-shown'", "CreateBGPPeer", null),
        new("Remove-DxBgpPeer", "RemoveDxBgpPeerCommand", "-BgpPeerId dxpeer-fk3m7p2v -Force", "DeleteBGPPeer", "dxpeer-fk3m7p2v"),
        new("Get-BgpRoute", "GetBgpRouteCommand", "-RouteServerId rs-0123456789abcdef0", "GetRouteServerRoutingDatabase", "rs-0123456789abcdef0"),
        new("Get-BgpRoute", "GetBgpRouteCommand", "-VirtualInterfaceId dxvif-ffabc123", "ListVirtualInterfaceRoutes", "dxvif-ffabc123"),
        new("Sync-RouteServerPeer", "SyncRouteServerPeerCommand", "-RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001", "DescribeRouteServerEndpoints", null),
        new("Sync-DxBgpPeer", "SyncDxBgpPeerCommand", "-VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AuthKey 'a-bgp-md5-key-never-shown'", "DescribeVirtualInterfaces", null),
        new("Start-DxBgpFailoverTest", "StartDxBgpFailoverTestCommand", "-VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v -Duration 00:30:00 -Force", "StartBgpFailoverTest", "dxpeer-fk3m7p2v"),
        new("Get-DxBgpFailoverTest", "GetDxBgpFailoverTestCommand", "-VirtualInterfaceId dxvif-fgt4k8wq", "ListVirtualInterfaceTestHistory", "dxvif-fgt4k8wq"),
        // With no test running, the history read before the stop is the call that meets the failure.
        new("Stop-DxBgpFailoverTest", "StopDxBgpFailoverTestCommand", "-VirtualInterfaceId dxvif-ffabc123 -Force", "ListVirtualInterfaceTestHistory", "dxvif-ffabc123"),
    ];

    public static TheoryData<Call> AllCalls()
    {
        var data = new TheoryData<Call>();
        foreach (var c in Calls) data.Add(c);
        return data;
    }

    /// <summary>
    /// <see cref="Calls"/> and Wait-BgpPeerUp, which polls through network failures and throttling until its timeout by
    /// design, but is refused as every other cmdlet is.
    /// </summary>
    public static TheoryData<Call> RefusedCalls()
    {
        var data = AllCalls();
        data.Add(new("Wait-BgpPeerUp", "WaitBgpPeerUpCommand", "-RouteServerPeerId rsp-0fedcba9876543210 -Timeout 00:00:30", "DescribeRouteServerPeers", "rsp-0fedcba9876543210"));
        data.Add(new("Wait-BgpPeerUp", "WaitBgpPeerUpCommand", "-BgpPeerId dxpeer-fk3m7p2v -VirtualInterfaceId dxvif-ffabc123 -Timeout 00:00:30", "DescribeVirtualInterfaces", "dxpeer-fk3m7p2v"));
        return data;
    }

    public sealed record Captured(List<ErrorRecord> Errors, ErrorRecord? Terminating, string Text, int Output);

    /// <summary>Runs the call with the connection splat named <paramref name="connection"/>; captures every record and all its text.</summary>
    private Captured Capture(Call c, string connection, IDictionary<string, object?>? variables = null)
    {
        var r = _ps.Run(@"
$e = $null; $t = $null; $o = @()
try { $o = @(" + c.Command + " " + c.Parameters + " @" + connection + @" -ErrorVariable e -ErrorAction SilentlyContinue) } catch { $t = $_ }
$records = @(@($e) + @($t) | Where-Object { $_ })
[pscustomobject]@{
  Errors = @($e)
  Terminating = $t
  Output = $o.Count
  Text = ($records | Format-List -Force * | Out-String -Width 300) + ($records | ForEach-Object { $_.Exception | Format-List -Force * | Out-String -Width 300; $_.ErrorDetails | Format-List -Force * | Out-String -Width 300; $_.ToString() } | Out-String -Width 300)
}", variables: variables).AssertClean();
        var o = r.Output.Single();
        var errors = ((IEnumerable)o.Properties["Errors"].Value).Cast<object>().Select(x => (x is PSObject p ? p.BaseObject : x) switch
        {
            ErrorRecord record => record,
            IContainsErrorRecord wrapped => wrapped.ErrorRecord,
            var other => throw new InvalidOperationException("Not an error: " + other),
        }).ToList();
        var tv = o.Properties["Terminating"].Value;
        var t = (tv is PSObject pt ? pt.BaseObject : tv) switch
        {
            ErrorRecord record => record,
            IContainsErrorRecord wrapped => wrapped.ErrorRecord,
            _ => null,
        };
        return new Captured(errors, t, (string)o.Properties["Text"].Value, (int)o.Properties["Output"].Value);
    }

    private static void AssertRecord(ErrorRecord e, Call c, string id, ErrorCategory category)
    {
        Assert.Equal(id + ",BgpPeering.Commands." + c.Class, e.FullyQualifiedErrorId);
        Assert.Equal(category, e.CategoryInfo.Category);
        Assert.NotNull(e.TargetObject);
        Assert.False(e.TargetObject is System.Management.Automation.PSCmdlet, "The target is the cmdlet");
        // The failing item: its ID, or (where one call served several piped IDs) the IDs of that call.
        if (c.Id is not null) Assert.Contains(Targets(e), t => t.Contains(c.Id, StringComparison.Ordinal));
        var message = e.ToString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotMatch(@"^System\.[A-Za-z.]+Exception", message);
    }

    private static List<string> Targets(ErrorRecord e) => e.TargetObject switch
    {
        string s => [s],
        IEnumerable many => many.Cast<object>().Select(o => o.ToString() ?? string.Empty).ToList(),
        var one => [one?.ToString() ?? string.Empty],
    };

    [Theory]
    [MemberData(nameof(AllCalls))]
    public void An_unreachable_endpoint_is_ConnectionFailed_per_item_and_not_terminating(Call c)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var dead = "http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var r = Capture(c, "dead", new Dictionary<string, object?> { ["dead"] = new Hashtable { ["EndpointUrl"] = dead, ["Region"] = "us-east-1", ["AccessKey"] = PwshFixture.AccessKey, ["SecretKey"] = PwshFixture.SecretKey } });
        Assert.Null(r.Terminating);
        AssertRecord(Assert.Single(r.Errors), c, "ConnectionFailed", ErrorCategory.ConnectionError);
        Assert.Matches("reach the endpoint|connection", r.Errors[0].ToString());
        Assert.DoesNotContain(PwshFixture.SecretKey, r.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public void A_rejected_secret_key_is_AuthenticationFailed_and_terminating_and_never_shown(Call c)
    {
        var r = Capture(c, "wrongKey");
        Assert.NotNull(r.Terminating);
        AssertRecord(r.Terminating!, c, "AuthenticationFailed", ErrorCategory.AuthenticationError);
        Assert.Equal(0, r.Output);
        Assert.DoesNotContain(PwshFixture.WrongSecretKey, r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("a-bgp-md5-key-never-shown", r.Text, StringComparison.Ordinal);
        Assert.Contains(_ps.Requests, q => q.ErrorCode is "AuthFailure" or "InvalidSignatureException");
    }

    [Fact]
    public void A_rejected_secret_key_stops_the_call_before_its_next_request()
    {
        // Three interfaces are three DescribeVirtualInterfaces calls; the first answer dooms the other two.
        var call = new Call("Get-DxBgpPeer", "GetDxBgpPeerCommand", "-VirtualInterfaceId dxvif-ffabc123, dxvif-fgt4k8wq, dxvif-fg5678ab", "DescribeVirtualInterfaces", "dxvif-ffabc123");
        var r = Capture(call, "wrongKey");
        Assert.NotNull(r.Terminating);
        AssertRecord(r.Terminating!, call, "AuthenticationFailed", ErrorCategory.AuthenticationError);
        // -ErrorVariable holds the terminating error too; nothing else is written about the other two interfaces.
        Assert.InRange(r.Errors.Count, 0, 1);
        Assert.All(r.Errors, e => Assert.Equal(r.Terminating!.FullyQualifiedErrorId, e.FullyQualifiedErrorId));
        var sent = Assert.Single(_ps.Requests);
        Assert.Equal("DescribeVirtualInterfaces", sent.Action);
        Assert.Equal("InvalidSignatureException", sent.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(RefusedCalls))]
    public void A_denied_key_is_PermissionDenied_per_item(Call c)
    {
        var r = Capture(c, "denied");
        Assert.Null(r.Terminating);
        AssertRecord(Assert.Single(r.Errors), c, "PermissionDenied", ErrorCategory.PermissionDenied);
        Assert.DoesNotContain(PwshFixture.DeniedSecretKey, r.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("a-bgp-md5-key-never-shown", r.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public void Throttling_after_the_retries_is_Throttled_per_item(Call c)
    {
        _ps.Fault("throttling", c.Action, count: 20);
        var r = Capture(c, "emu");
        Assert.Null(r.Terminating);
        AssertRecord(Assert.Single(r.Errors), c, "Throttled", ErrorCategory.LimitsExceeded);
        Assert.True(_ps.Requests.Count(q => q.Action == c.Action) > 1, "The SDK did not retry");
        Assert.DoesNotContain(PwshFixture.SecretKey, r.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCalls))]
    public void A_server_error_after_the_retries_is_ServiceError_per_item(Call c)
    {
        _ps.Fault("internalError", c.Action, count: 20);
        var r = Capture(c, "emu");
        Assert.Null(r.Terminating);
        AssertRecord(Assert.Single(r.Errors), c, "ServiceError", ErrorCategory.ResourceUnavailable);
        Assert.DoesNotContain(PwshFixture.SecretKey, r.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> NotFound => new()
    {
        { "Get-RouteServerPeer -RouteServerPeerId rsp-0123456789abcdef9", "GetRouteServerPeerCommand", "rsp-0123456789abcdef9" },
        { "Get-RouteServerEndpoint -RouteServerEndpointId rse-0123456789abcdef9", "GetRouteServerEndpointCommand", "rse-0123456789abcdef9" },
        { "Get-DxBgpPeer -BgpPeerId dxpeer-zzzzzzzz", "GetDxBgpPeerCommand", "dxpeer-zzzzzzzz" },
        { "Remove-RouteServerPeer -RouteServerPeerId rsp-0123456789abcdef9 -Force", "RemoveRouteServerPeerCommand", "rsp-0123456789abcdef9" },
        { "Remove-DxBgpPeer -BgpPeerId dxpeer-zzzzzzzz -Force", "RemoveDxBgpPeerCommand", "dxpeer-zzzzzzzz" },
        { "New-RouteServerPeer -RouteServerEndpointId rse-0123456789abcdef9 -PeerAddress 10.0.1.10 -PeerAsn 65001", "NewRouteServerPeerCommand", "rse-0123456789abcdef9" },
    };

    [Theory]
    [MemberData(nameof(NotFound))]
    public void A_missing_ID_is_ObjectNotFound_with_the_ID_as_target_and_the_next_item_goes_on(string command, string cls, string id)
    {
        var r = _ps.Run(command + " @emu");
        Assert.Null(r.Terminating);
        var e = Assert.Single(r.Errors);
        Assert.Equal("ObjectNotFound,BgpPeering.Commands." + cls, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        Assert.Contains(Targets(e), t => t.Contains(id, StringComparison.Ordinal));
        Assert.Contains(id, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void One_missing_ID_among_several_fails_alone()
    {
        var r = _ps.Run("'rsp-0123456789abcdef9', 'rsp-0fedcba9876543210' | Get-RouteServerPeer @emu");
        Assert.Null(r.Terminating);
        Assert.Equal("ObjectNotFound,BgpPeering.Commands.GetRouteServerPeerCommand", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Equal("rsp-0fedcba9876543210", Assert.Single(r.Output).ToString());
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        // Engine rules, per row, before any request is sent.
        { "New-DxBgpPeer @emu -VirtualInterfaceId dxvif-ffabc123 -AddressFamily IPv6 -Asn 65000 -AmazonAddress 2001:db8::1/125 -CustomerAddress 2001:db8::2/125", "NewDxBgpPeerCommand", "IPv6" },
        { "New-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65020 -AuthKey 'short'", "NewDxBgpPeerCommand", "AuthKey" },
        { "New-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65020 -CustomerAddress 169.254.100.10/29", "NewDxBgpPeerCommand", "Address" },
        { "Get-DxBgpPeer @emu -ConnectionId nonsense", "GetDxBgpPeerCommand", "ConnectionId" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_is_InvalidArgument_naming_the_parameter_and_sends_nothing(string command, string cls, string named)
    {
        var r = _ps.Run(command);
        Assert.Null(r.Terminating);
        var e = Assert.Single(r.Errors);
        Assert.Equal("InvalidArgument,BgpPeering.Commands." + cls, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.NotNull(e.TargetObject);
        Assert.Contains(named, e.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_ps.Requests, q => q.Action is "CreateBGPPeer" or "CreateRouteServerPeer");
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "Get-RouteServerPeer @emu -RouteServerPeerId rsp-123", "GetRouteServerPeerCommand" },
        { "New-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.300 -PeerAsn 65001", "NewRouteServerPeerCommand" },
        { "New-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 0", "NewRouteServerPeerCommand" },
        { "Remove-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -Asn 4294967295 -CustomerAddress 169.254.100.2/29 -Force", "RemoveDxBgpPeerCommand" },
        { "Wait-BgpPeerUp @emu -BgpPeerId dxpeer-1 -VirtualInterfaceId dxvif-ffabc123", "WaitBgpPeerUpCommand" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_out_of_range_or_format_is_refused_by_the_binder_before_any_request(string command, string cls)
    {
        var r = _ps.Run(command);
        var e = r.Terminating ?? Assert.Single(r.Errors);
        Assert.Equal("ParameterArgumentValidationError,BgpPeering.Commands." + cls, e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Empty(_ps.Requests);
    }

    [Fact]
    public void A_peer_that_never_comes_up_is_WaitTimedOut_with_the_peer_as_target()
    {
        var r = _ps.Run(
            "$null = Invoke-RestMethod -Method Post -Uri ($EmulatorUrl + '/_emulator/peers/rsp-0fedcba9876543210/status') -ContentType 'application/json' -Body '{\"bgpStatus\":\"down\",\"bgpBehaviour\":\"never\"}'; " +
            "Get-RouteServerPeer @emu | Wait-BgpPeerUp @emu -Timeout 00:00:02 -PollInterval 00:00:01");
        Assert.Null(r.Terminating);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.Equal("WaitTimedOut,BgpPeering.Commands.WaitBgpPeerUpCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
        Assert.Contains("rsp-0fedcba9876543210", e.TargetObject?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void Waiting_for_an_ID_that_never_existed_does_not_say_it_no_longer_exists()
    {
        var r = _ps.Run("Wait-BgpPeerUp @emu -RouteServerPeerId rsp-0123456789abcdef9 -Timeout 00:00:05 -PollInterval 00:00:01");
        Assert.Null(r.Terminating);
        var e = Assert.Single(r.Errors);
        Assert.Equal("ObjectNotFound,BgpPeering.Commands.WaitBgpPeerUpCommand", e.FullyQualifiedErrorId);
        Assert.Contains("rsp-0123456789abcdef9", e.TargetObject?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("Last seen: not read yet", e.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The reserved-tag error (another engineer's fix, merged from main), proved in a runspace.</summary>
public sealed class TagErrorTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public TagErrorTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    [Fact]
    public void A_reserved_aws_tag_is_InvalidArgument_whose_target_is_the_tag_not_the_peer_address()
    {
        var r = _ps.Run("New-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001 -Tag @{ 'aws:owner' = 'me' }");
        var e = Assert.Single(r.Errors);
        // InvalidArgument, or a more specific ID (the error model allows one), always in the InvalidArgument category.
        Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        Assert.NotEqual("10.0.1.10", e.TargetObject?.ToString());
        Assert.Contains("aws:", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_ps.Requests, q => q.Action == "CreateRouteServerPeer");
    }
}
