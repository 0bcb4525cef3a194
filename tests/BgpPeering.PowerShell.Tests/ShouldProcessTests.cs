using BgpPeering.PowerShell.Tests.Infrastructure;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// -WhatIf and -Confirm as a user sees them (the host's "What if:" lines and prompts, answered by a test host),
/// with $WhatIfPreference, $ConfirmPreference and -Force, and what each sends (the emulator's request log).
/// </summary>
public sealed class ShouldProcessTests : IClassFixture<PwshFixture>
{
    private readonly PwshFixture _ps;

    public ShouldProcessTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    public sealed record Case(string Command, string Action, string Target, string Service, string ChangeAction, bool High)
    {
        public override string ToString() => Command.Split(' ')[0];
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("New-RouteServerPeer @emu -RouteServerEndpointId rse-0123456789abcdef0 -PeerAddress 10.0.1.10 -PeerAsn 65001",
            "Create Route Server peer", "peer 10.0.1.10 (ASN 65001) on rse-0123456789abcdef0", "EC2", "CreateRouteServerPeer", false),
        new Case("Remove-RouteServerPeer @emu -RouteServerPeerId rsp-0fedcba9876543210",
            "Delete Route Server peer", "rsp-0fedcba9876543210", "EC2", "DeleteRouteServerPeer", true),
        new Case("New-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -AddressFamily IPv4 -Asn 65020",
            "Create Direct Connect BGP peer", "IPv4 BGP peer ASN 65020 with AWS-assigned addresses on dxvif-fgt4k8wq", "DirectConnect", "CreateBGPPeer", false),
        new Case("Remove-DxBgpPeer @emu -BgpPeerId dxpeer-fk3m7p2v",
            "Delete Direct Connect BGP peer", "dxpeer-fk3m7p2v", "DirectConnect", "DeleteBGPPeer", true),
    };

    private static string Description(Case c) => "Performing the operation \"" + c.Action + "\" on target \"" + c.Target + "\".";

    /// <summary>Calls that would change something (a DryRun is not one: EC2 answers it DryRunOperation).</summary>
    private int Changes(Case c) => _ps.Requests.Count(r => r.Action == c.ChangeAction && r.Status == 200);

    private int DryRuns(Case c) => _ps.Requests.Count(r => r.Action == c.ChangeAction && r.ErrorCode == "DryRunOperation");

    private void AssertWhatIf(Case c, TestHost host, PwshResult r)
    {
        r.AssertClean();
        Assert.Contains("What if: " + Description(c), host.Prompts.Lines);
        Assert.Empty(host.Prompts.Asked);
        Assert.Equal(0, Changes(c));
        if (c.Service == "EC2")
        {
            // A real permission check: the request went to EC2 with DryRun, and the answer is told.
            Assert.Equal(1, DryRuns(c));
            Assert.Contains(r.Information, i => i.StartsWith("DryRun: AWS confirmed that " + c.ChangeAction, StringComparison.Ordinal));
        }
        else
        {
            // Direct Connect has no DryRun: read-only calls only.
            Assert.All(_ps.Requests, q => Assert.Equal("DescribeVirtualInterfaces", q.Action));
            Assert.NotEmpty(_ps.Requests);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhatIf_says_what_would_be_done_and_changes_nothing(Case c)
    {
        var host = new TestHost();
        AssertWhatIf(c, host, _ps.Run(c.Command + " -WhatIf", host));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhatIfPreference_acts_as_WhatIf_even_with_Force(Case c)
    {
        var host = new TestHost();
        AssertWhatIf(c, host, _ps.Run("$WhatIfPreference = $true; " + c.Command + (c.High ? " -Force" : string.Empty), host));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WhatIf_false_overrides_WhatIfPreference(Case c)
    {
        var host = new TestHost();
        var r = _ps.Run("$WhatIfPreference = $true; " + c.Command + " -WhatIf:$false" + (c.High ? " -Force" : string.Empty), host).AssertClean();
        Assert.DoesNotContain(host.Prompts.Lines, l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Equal(1, Changes(c));
        // Remove-* write nothing without -PassThru.
        Assert.Equal(c.High ? 0 : 1, r.Output.Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confirm_asks_with_the_action_and_target_and_No_sends_nothing(Case c)
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        var r = _ps.Run(c.Command + " -Confirm", host).AssertClean();
        var prompt = Assert.Single(host.Prompts.Asked);
        Assert.Equal("Confirm", prompt.Caption);
        Assert.Equal("Are you sure you want to perform this action?\n" + Description(c), prompt.Message);
        Assert.Contains("&Yes", prompt.Choices);
        Assert.Contains("&No", prompt.Choices);
        Assert.Empty(r.Output);
        Assert.Equal(0, Changes(c));
        Assert.Equal(0, DryRuns(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confirm_answered_Yes_makes_the_change(Case c)
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("Y");
        var r = _ps.Run(c.Command + " -Confirm", host).AssertClean();
        Assert.Single(host.Prompts.Asked);
        Assert.Equal(1, Changes(c));
        if (!c.High) Assert.Single(r.Output);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_Remove_asks_by_default_and_Force_skips_the_question(Case c)
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        _ps.Run(c.Command, host).AssertClean();
        Assert.Equal(c.High ? 1 : 0, host.Prompts.Asked.Count);
        Assert.Equal(c.High ? 0 : 1, Changes(c));
        if (!c.High) return;
        var forced = new TestHost();
        _ps.Run(c.Command + " -Force", forced).AssertClean();
        Assert.Empty(forced.Prompts.Asked);
        Assert.Equal(1, Changes(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfirmPreference_Medium_makes_New_ask_too(Case c)
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        _ps.Run("$ConfirmPreference = 'Medium'; " + c.Command, host).AssertClean();
        Assert.Single(host.Prompts.Asked);
        Assert.Equal(0, Changes(c));
    }

    [Fact]
    public void Yes_to_All_confirms_every_remaining_peer_of_one_call()
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("A");
        _ps.Run("$a = New-RouteServerPeer @emu rse-0123456789abcdef0 10.0.1.30 65030; $b = New-RouteServerPeer @emu rse-0123456789abcdef0 10.0.1.31 65031; " +
            "$a, $b | Remove-RouteServerPeer @emu", host).AssertClean();
        Assert.Single(host.Prompts.Asked);
        Assert.Equal(2, _ps.Requests.Count(q => q.Action == "DeleteRouteServerPeer" && q.Status == 200));
    }

    // ---------------------------------------------------------------- Sync-RouteServerPeer, Sync-DxBgpPeer
    // Both declare ConfirmImpact Medium (a Create asks no more than New- does); a Replace or a Remove deletes a peer and
    // is asked as High would be: ShouldProcess, then ShouldContinue when the effective $ConfirmPreference is exactly
    // High. These prove that real PowerShell honours it the way a High cmdlet is honoured.

    /// <summary>A plan of one Create (10.0.1.70), one Keep (10.0.2.10) and one Remove (10.0.2.20), on the demo's endpoints.</summary>
    private const string SyncSetUp =
        "$null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.20 65020; " +
        "$rows = @([pscustomobject]@{ RouteServerEndpointId = 'rse-0123456789abcdef0'; PeerAddress = '10.0.1.70'; PeerAsn = 65070 }, " +
        "[pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.10'; PeerAsn = 4200000001 }); ";

    private int Made(string action) => _ps.Requests.Count(r => r.Action == action && r.Status == 200);

    [Fact]
    public void Sync_declares_Medium_asks_about_a_Remove_as_High_by_default_and_not_about_a_Create()
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        var r = _ps.Run(SyncSetUp + "$rows | Sync-RouteServerPeer @emu -RemoveUnlisted", host).AssertClean();
        var prompt = Assert.Single(host.Prompts.Asked);
        Assert.Equal("Confirm", prompt.Caption);
        Assert.StartsWith("Are you sure you want to perform this action?\nPerforming the operation \"Delete Route Server peer\" on target \"10.0.2.20 AS65020 (rsp-", prompt.Message, StringComparison.Ordinal);
        Assert.EndsWith("on rse-0fedcba9876543210: in no row (-RemoveUnlisted)\".", prompt.Message, StringComparison.Ordinal);
        Assert.Contains("Yes to &All", prompt.Choices);
        Assert.Equal(2, Made("CreateRouteServerPeer")); // the set-up's and the sync's: the Create was not asked about
        Assert.Equal(0, Made("DeleteRouteServerPeer"));
        Assert.Equal(["Create", "Keep"], r.Output.Select(o => o.Properties["Action"].Value.ToString()));
    }

    [Theory]
    [InlineData("$ConfirmPreference = 'None'; ", "")]
    [InlineData("", " -Confirm:$false")]
    [InlineData("", " -Force")]
    [InlineData("$ConfirmPreference = 'Medium'; ", " -Force")]
    public void ConfirmPreference_None_Confirm_false_and_Force_ask_nothing(string before, string after)
    {
        var host = new TestHost();
        _ps.Run(SyncSetUp + before + "$rows | Sync-RouteServerPeer @emu -RemoveUnlisted" + after, host).AssertClean();
        Assert.Empty(host.Prompts.Asked);
        Assert.Equal(1, Made("DeleteRouteServerPeer"));
    }

    [Theory]
    [InlineData("$ConfirmPreference = 'Medium'; ", "")]
    [InlineData("$ConfirmPreference = 'Low'; ", "")]
    [InlineData("", " -Confirm")]
    public void Confirm_or_a_lower_ConfirmPreference_asks_once_for_every_change_Create_and_Remove_alike(string before, string after)
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        host.Prompts.Answers.Enqueue("Y");
        _ps.Run(SyncSetUp + before + "$rows | Sync-RouteServerPeer @emu -RemoveUnlisted" + after, host).AssertClean();
        Assert.Equal(2, host.Prompts.Asked.Count); // the Create (No) and the Remove (Yes), each once; the Keep is no change
        Assert.Contains("\"Create Route Server peer\"", host.Prompts.Asked[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"Delete Route Server peer\"", host.Prompts.Asked[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, Made("CreateRouteServerPeer")); // the set-up's alone
        Assert.Equal(1, Made("DeleteRouteServerPeer"));
    }

    [Fact]
    public void Yes_to_All_at_the_High_question_answers_it_for_the_rest_of_the_sync()
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("A");
        _ps.Run("$null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.20 65020; $null = New-RouteServerPeer @emu rse-0fedcba9876543210 10.0.2.21 65021; " +
            "[pscustomobject]@{ RouteServerEndpointId = 'rse-0fedcba9876543210'; PeerAddress = '10.0.2.10'; PeerAsn = 4200000002 } | Sync-RouteServerPeer @emu -RemoveUnlisted", host).AssertClean();
        Assert.Single(host.Prompts.Asked);
        Assert.Contains("\"Delete and re-create Route Server peer\"", host.Prompts.Asked[0].Message, StringComparison.Ordinal);
        Assert.Equal(3, Made("DeleteRouteServerPeer")); // the Replace's delete and both removals
    }

    [Fact]
    public void Sync_WhatIf_says_every_change_sends_only_DryRuns_and_writes_the_plan_even_with_Force()
    {
        var host = new TestHost();
        var r = _ps.Run(SyncSetUp + "$rows | Sync-RouteServerPeer @emu -RemoveUnlisted -WhatIf -Force", host).AssertClean();
        Assert.Empty(host.Prompts.Asked);
        Assert.Contains(host.Prompts.Lines, l => l.StartsWith("What if: Performing the operation \"Create Route Server peer\" on target \"10.0.1.70 AS65070 on rse-0123456789abcdef0", StringComparison.Ordinal));
        Assert.Contains(host.Prompts.Lines, l => l.StartsWith("What if: Performing the operation \"Delete Route Server peer\" on target \"10.0.2.20 AS65020", StringComparison.Ordinal));
        Assert.Equal(2, host.Prompts.Lines.Count(l => l.StartsWith("What if:", StringComparison.Ordinal))); // not the Keep
        Assert.Equal(1, Made("CreateRouteServerPeer")); // the set-up's alone
        Assert.Equal(0, Made("DeleteRouteServerPeer"));
        Assert.Equal(1, _ps.Requests.Count(q => q.Action == "CreateRouteServerPeer" && q.ErrorCode == "DryRunOperation"));
        Assert.Equal(1, _ps.Requests.Count(q => q.Action == "DeleteRouteServerPeer" && q.ErrorCode == "DryRunOperation"));
        Assert.Equal(["Create", "Keep", "Remove"], r.Output.Select(o => o.Properties["Action"].Value.ToString()));
        Assert.All(r.Output, o => Assert.False((bool)o.Properties["Applied"].Value));
        Assert.Equal(2, r.Information.Count(i => i.StartsWith("DryRun: AWS confirmed", StringComparison.Ordinal)));
    }

    [Fact]
    public void Sync_DxBgpPeer_WhatIf_sends_only_reads_and_asks_High_changes_like_Sync_RouteServerPeer()
    {
        var row = "[pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; AddressFamily = 'IPv4'; Asn = 65010; AmazonAddress = '169.254.100.1/29'; CustomerAddress = '169.254.100.2/29' }";
        var whatIf = new TestHost();
        var plan = _ps.Run(row + " | Sync-DxBgpPeer @emu -RemoveUnlisted -WhatIf", whatIf).AssertClean();
        Assert.All(_ps.Requests, q => Assert.Equal("DescribeVirtualInterfaces", q.Action));
        Assert.Contains(whatIf.Prompts.Lines, l => l.StartsWith("What if: Performing the operation \"Delete Direct Connect BGP peer\" on target \"IPv6 AS65010", StringComparison.Ordinal));
        Assert.Equal(["Keep", "Remove"], plan.Output.Select(o => o.Properties["Action"].Value.ToString()));
        Assert.Contains(plan.Information, i => i.StartsWith("What if: Direct Connect has no DryRun", StringComparison.Ordinal));

        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        _ps.Run(row + " | Sync-DxBgpPeer @emu -RemoveUnlisted", host).AssertClean();
        Assert.Single(host.Prompts.Asked);
        Assert.Equal(0, Made("DeleteBGPPeer"));
    }
}
