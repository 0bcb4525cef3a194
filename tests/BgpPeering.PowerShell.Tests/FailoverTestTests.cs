using System.Text.RegularExpressions;
using BgpPeering.PowerShell.Tests.Infrastructure;
using static BgpPeering.PowerShell.Tests.Infrastructure.Rendered;
using Xunit;

namespace BgpPeering.PowerShell.Tests;

/// <summary>
/// Start-, Get- and Stop-DxBgpFailoverTest as a user meets them in a runspace (emulator at --speed 10, demo topology,
/// whose history starts with one failed test on dxvif-fgt4k8wq): a drill from piped peers to restored sessions,
/// ShouldProcess (Start and Stop are High, with -Force; -WhatIf sends neither write), binding (peers of one interface are one
/// test; a test pipes into Get-DxBgpPeer, Stop and Get), -Duration refused before anything is sent, and the views.
/// </summary>
public sealed class FailoverTestTests : IClassFixture<PwshFixture>
{
    private const string Seeded = "0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654";

    private readonly PwshFixture _ps;

    public FailoverTestTests(PwshFixture ps)
    {
        _ps = ps;
        _ps.Reset();
    }

    private int Sent(string action) => _ps.Requests.Count(r => r.Action == action && r.Status == 200);

    [Fact]
    public void A_piped_peer_starts_a_test_in_progress_its_peer_reads_Down_Get_lists_it_Stop_ends_it_and_Wait_BgpPeerUp_sees_it_up()
    {
        var r = _ps.Run(@"
$test = Get-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v | Start-DxBgpFailoverTest @emu -Duration 00:30:00 -Force
$during = $test | Get-DxBgpPeer @emu
$listed = @(Get-DxBgpFailoverTest @emu -Status InProgress)
$stopped = $test | Stop-DxBgpFailoverTest @emu -Force
$up = @($stopped | Get-DxBgpPeer @emu | Wait-BgpPeerUp @emu -Timeout 00:01:00 -PollInterval 00:00:01)
$after = Get-DxBgpFailoverTest @emu -TestId $test.TestId
[pscustomobject]@{
  Test = $test; During = @($during); Listed = $listed; Stopped = $stopped; Up = $up; After = $after
}").AssertClean();
        var o = r.Output.Single();
        dynamic test = o.Properties["Test"].Value;
        Assert.Equal("InProgress", test.Status.ToString());
        Assert.Equal("dxvif-fgt4k8wq", (string)test.VirtualInterfaceId);
        var during = (object[])o.Properties["During"].Value;
        dynamic peer = Assert.Single(during);
        Assert.Equal("dxpeer-fk3m7p2v", (string)peer.BgpPeerId);
        Assert.Equal("Down", peer.BgpStatus.ToString());
        Assert.Equal("testing", (string)peer.VirtualInterfaceState);
        dynamic listed = Assert.Single((object[])o.Properties["Listed"].Value);
        Assert.Equal((string)test.TestId, (string)listed.TestId);
        dynamic stopped = o.Properties["Stopped"].Value;
        Assert.Equal("Cancelled", stopped.Status.ToString());
        Assert.NotNull(stopped.EndTime);
        dynamic up = Assert.Single((object[])o.Properties["Up"].Value);
        Assert.Equal("dxpeer-fk3m7p2v", (string)up.BgpPeerId);
        Assert.Equal("Up", up.BgpStatus.ToString());
        Assert.Equal("available", (string)up.VirtualInterfaceState);
        Assert.Equal("Cancelled", ((dynamic)o.Properties["After"].Value).Status.ToString());
        Assert.Equal(1, Sent("StartBgpFailoverTest"));
        Assert.Equal(1, Sent("StopBgpFailoverTest"));
    }

    [Fact]
    public void Peers_piped_from_two_interfaces_start_one_test_per_interface()
    {
        var r = _ps.Run("Get-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq, dxvif-ffabc123 | Start-DxBgpFailoverTest @emu -Duration 00:05:00 -Force | Sort-Object VirtualInterfaceId | ForEach-Object { $_.VirtualInterfaceId + '=' + ($_.BgpPeerIds -join ',') }").AssertClean();
        Assert.Equal(["dxvif-ffabc123=dxpeer-fgq9j6xo", "dxvif-fgt4k8wq=dxpeer-fk3m7p2v,dxpeer-fq8d2n5t"], r.Output.Select(x => x.ToString()));
        Assert.Equal(2, Sent("StartBgpFailoverTest"));
    }

    [Fact]
    public void Rows_of_one_interface_that_ask_for_different_durations_are_one_error_naming_Duration_and_start_nothing()
    {
        var r = _ps.Run("@([pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; BgpPeerId = 'dxpeer-fk3m7p2v'; Duration = '00:10:00' }, [pscustomobject]@{ VirtualInterfaceId = 'dxvif-fgt4k8wq'; BgpPeerId = 'dxpeer-fq8d2n5t'; Duration = '00:20:00' }) | Start-DxBgpFailoverTest @emu -Force");
        var e = Assert.Single(r.Errors);
        Assert.Equal("InvalidArgument,BgpPeering.Commands.StartDxBgpFailoverTestCommand", e.FullyQualifiedErrorId);
        Assert.Contains("-Duration", e.ToString(), StringComparison.Ordinal);
        Assert.Equal("dxvif-fgt4k8wq", e.TargetObject?.ToString());
        Assert.Empty(_ps.Requests);
    }

    public static TheoryData<string, string, string> RefusedDurations => new()
    {
        { "00:00:00", "ParameterArgumentValidationError", "too short" },
        { "3.00:01:00", "ParameterArgumentValidationError", "too long" },
        { "(New-TimeSpan -Minutes 4321)", "ParameterArgumentValidationError", "4320" },
        { "00:01:30", "ParameterArgumentValidationError", "whole number of minutes" },
        { "30", "ParameterArgumentTransformationError", "ticks" },
        { "'45'", "ParameterArgumentTransformationError", "days" },
    };

    [Theory]
    [MemberData(nameof(RefusedDurations))]
    public void A_duration_outside_1_to_4320_whole_minutes_is_refused_naming_Duration_before_anything_is_sent(string duration, string errorId, string says)
    {
        var r = _ps.Run("Start-DxBgpFailoverTest @emu -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v -Force -Duration " + duration);
        var e = r.Terminating ?? Assert.Single(r.Errors);
        Assert.Equal(errorId + ",BgpPeering.Commands.StartDxBgpFailoverTestCommand", e.FullyQualifiedErrorId);
        Assert.Contains("Duration", e.ToString(), StringComparison.Ordinal);
        Assert.Contains(says, e.ToString(), StringComparison.Ordinal);
        Assert.Empty(_ps.Requests);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("3.00:00:00")]
    public void The_bounds_themselves_are_accepted(string duration)
    {
        var r = _ps.Run("(Start-DxBgpFailoverTest @emu -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v -Force -Duration " + duration + ").Duration").AssertClean();
        Assert.Equal(TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture), (TimeSpan)r.Output.Single().BaseObject);
    }

    [Fact]
    public void Start_asks_by_default_and_No_starts_nothing_Force_skips_the_question()
    {
        var host = new TestHost();
        host.Prompts.Answers.Enqueue("N");
        _ps.Run("Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:10:00", host).AssertClean();
        var prompt = Assert.Single(host.Prompts.Asked);
        Assert.Equal("Are you sure you want to perform this action?\nPerforming the operation \"Start Direct Connect BGP failover test\" on target \"dxpeer-fk3m7p2v on dxvif-fgt4k8wq for 10 minutes\".", prompt.Message);
        Assert.Equal(0, Sent("StartBgpFailoverTest"));

        var forced = new TestHost();
        _ps.Run("Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:10:00 -Force", forced).AssertClean();
        Assert.Empty(forced.Prompts.Asked);
        Assert.Equal(1, Sent("StartBgpFailoverTest"));
    }

    [Fact]
    public void Start_WhatIf_sends_no_StartBgpFailoverTest_even_with_Force_and_says_what_would_go_down()
    {
        var host = new TestHost();
        var r = _ps.Run("Get-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq -BgpPeerId dxpeer-fk3m7p2v | Start-DxBgpFailoverTest @emu -Duration 00:10:00 -WhatIf -Force", host).AssertClean();
        Assert.Contains("What if: Performing the operation \"Start Direct Connect BGP failover test\" on target \"dxpeer-fk3m7p2v on dxvif-fgt4k8wq for 10 minutes\".", host.Prompts.Lines);
        Assert.Contains(r.Information, i => i.Contains("Would take BGP DOWN on dxpeer-fk3m7p2v", StringComparison.Ordinal));
        Assert.Empty(r.Output);
        Assert.DoesNotContain(_ps.Requests, q => q.Action == "StartBgpFailoverTest");
        Assert.All(_ps.Requests, q => Assert.Contains(q.Action, new[] { "DescribeVirtualInterfaces", "ListVirtualInterfaceTestHistory" }));
    }

    [Fact]
    public void Stop_asks_by_default_and_No_stops_nothing_Force_skips_the_question_and_WhatIf_stops_nothing()
    {
        _ps.Run("Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:10:00 -Force | Out-Null").AssertClean();
        var whatIf = new TestHost();
        var r = _ps.Run("Stop-DxBgpFailoverTest @emu dxvif-fgt4k8wq -WhatIf -Force", whatIf).AssertClean();
        Assert.Contains("What if: Performing the operation \"Stop Direct Connect BGP failover test\" on target \"dxvif-fgt4k8wq\".", whatIf.Prompts.Lines);
        Assert.Contains(r.Information, i => i.Contains("Would stop it", StringComparison.Ordinal));
        var no = new TestHost();
        no.Prompts.Answers.Enqueue("N");
        _ps.Run("Stop-DxBgpFailoverTest @emu dxvif-fgt4k8wq", no).AssertClean();
        var prompt = Assert.Single(no.Prompts.Asked);
        Assert.Equal("Are you sure you want to perform this action?\nPerforming the operation \"Stop Direct Connect BGP failover test\" on target \"dxvif-fgt4k8wq\".", prompt.Message);
        Assert.Equal(0, Sent("StopBgpFailoverTest"));

        var host = new TestHost();
        var stopped = _ps.Run("Stop-DxBgpFailoverTest @emu dxvif-fgt4k8wq -Force", host).AssertClean();
        Assert.Empty(host.Prompts.Asked);
        Assert.Equal("Cancelled", ((dynamic)stopped.Output.Single()).Status.ToString());
        Assert.Equal(1, Sent("StopBgpFailoverTest"));
    }

    [Fact]
    public void Stop_with_no_test_running_is_NoFailoverTestRunning_for_that_interface_and_the_next_goes_on()
    {
        var r = _ps.Run("Start-DxBgpFailoverTest @emu dxvif-ffabc123 dxpeer-fgq9j6xo -Duration 00:10:00 -Force | Out-Null; 'dxvif-fgt4k8wq', 'dxvif-ffabc123' | Stop-DxBgpFailoverTest @emu -Force");
        var e = Assert.Single(r.Errors);
        Assert.Equal("NoFailoverTestRunning,BgpPeering.Commands.StopDxBgpFailoverTestCommand", e.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
        Assert.Equal("dxvif-fgt4k8wq", e.TargetObject);
        Assert.Contains("the last one was " + Seeded + " (failed", e.ToString(), StringComparison.Ordinal);
        Assert.Equal("dxvif-ffabc123", ((dynamic)r.Output.Single()).VirtualInterfaceId);
    }

    [Fact]
    public void A_second_start_on_the_interface_is_FailoverTestInProgress_naming_the_running_test()
    {
        var r = _ps.Run("$t = Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:10:00 -Force; $t.TestId; Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fq8d2n5t -Duration 00:10:00 -Force");
        var running = r.Output.Single().ToString();
        var e = Assert.Single(r.Errors);
        Assert.Equal("FailoverTestInProgress,BgpPeering.Commands.StartDxBgpFailoverTestCommand", e.FullyQualifiedErrorId);
        Assert.Contains(running, e.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, Sent("StartBgpFailoverTest"));
    }

    [Fact]
    public void A_test_pipes_into_Stop_once_per_interface_and_into_Get_by_its_ID()
    {
        var r = _ps.Run("$t = Get-DxBgpPeer @emu -VirtualInterfaceId dxvif-fgt4k8wq | Start-DxBgpFailoverTest @emu -Duration 00:10:00 -Force; " +
            "@($t | Get-DxBgpFailoverTest @emu).Count; $t, $t | Stop-DxBgpFailoverTest @emu -Force -Verbose 4>&1 | ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { 'V:' + $_.Message } else { 'T:' + $_.Status } }").AssertClean();
        Assert.Equal(1, (int)r.Output[0].BaseObject);
        var lines = r.Output.Skip(1).Select(o => o.ToString()!).ToList();
        Assert.Single(lines, l => l == "T:Cancelled");
        Assert.Contains(lines, l => l.Contains("already stopped by this command", StringComparison.Ordinal));
        Assert.Equal(1, Sent("StopBgpFailoverTest"));
    }

    [Fact]
    public void The_table_at_80_columns_shows_ID_status_interface_and_start_uncut_and_120_adds_minutes_peers_and_age()
    {
        var r = _ps.Run("Start-DxBgpFailoverTest @emu dxvif-fgt4k8wq dxpeer-fk3m7p2v -Duration 00:10:00 -Force | Out-Null; $h = Get-DxBgpFailoverTest @emu; $h | Out-String -Width 80; $h | Out-String -Width 120; $h.Count").AssertClean();
        var at80 = Lines(r.Output[0].ToString()!);
        Assert.All(at80, l => Assert.True(l.Length <= 80, "Wider than 80: " + l));
        Assert.Equal(["TestId", "Status", "Interface", "Started", "(UTC)"], at80[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^0b7d9c3e-5f1a-4c2b-9e8d-fedcba987654 Failed     dxvif-fgt4k8wq 2026-11-02 09:00$", at80[2]);
        Assert.Matches(@"^[0-9a-f-]{36} InProgress dxvif-fgt4k8wq \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", at80[3]);
        Assert.DoesNotContain('…', r.Output[0].ToString()!);
        Assert.Equal((int)r.Output[2].BaseObject + 2, at80.Count);
        var at120 = Lines(r.Output[1].ToString()!);
        Assert.All(at120, l => Assert.True(l.Length <= 120, "Wider than 120: " + l));
        Assert.Equal(["TestId", "Status", "Interface", "Started", "(UTC)", "Minutes", "Peers", "Retrieved"], at120[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@" 60 dxpeer-fk3m7p2v \+1 +(just now|\d+s ago)$", at120[2].TrimEnd());
        Assert.Matches(@" 10 dxpeer-fk3m7p2v +(just now|\d+s ago)$", at120[3].TrimEnd());
        Assert.DoesNotContain('…', r.Output[1].ToString()!);
    }

    [Fact]
    public void The_list_view_shows_every_detail_and_the_wide_view_the_IDs()
    {
        foreach (var width in new[] { 80, 120 })
        {
            var text = _ps.Run("Get-DxBgpFailoverTest @emu -TestId " + Seeded + " | Format-List | Out-String -Width " + width).AssertClean().Text;
            var lines = Lines(text).Select(l => Regex.Replace(l.Trim(), @"\s+:\s*", " : ")).ToList();
            foreach (var e in new[]
                     {
                         "TestId : " + Seeded, "Status : Failed", "StatusText : failed", "VirtualInterfaceId : dxvif-fgt4k8wq",
                         "BgpPeerIds : dxpeer-fk3m7p2v, dxpeer-fq8d2n5t", "Duration : 01:00:00", "StartTime : 2026-11-02 09:00:00Z",
                         "EndTime : 2026-11-02 09:12:00Z", "OwnerAccount : 123456789012", "Region : us-east-1",
                     })
                Assert.Contains(e, lines);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^RetrievedAt : \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z \(read (just now|\d+s ago)\)$"));
            Assert.All(Lines(text), l => Assert.True(l.Length <= width, "Wider than " + width + ": " + l));
        }
        var wide = _ps.Run("Get-DxBgpFailoverTest @emu | Format-Wide | Out-String -Width 80").AssertClean().Text;
        Assert.Equal([Seeded], Regex.Matches(wide, @"\S+").Select(m => m.Value));
    }

    [Fact]
    public void Test_IDs_and_statuses_tab_complete()
    {
        var line = "Get-DxBgpFailoverTest -EndpointUrl " + _ps.Url + " -Region us-east-1 -AccessKey AKIDEXAMPLE -SecretKey wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY -TestId 0b7";
        var r = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText; '|'; $s = 'Get-DxBgpFailoverTest -Status Ca'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText",
            variables: new Dictionary<string, object?> { ["line"] = line }).AssertClean();
        var all = r.Output.Select(o => o.ToString()).ToList();
        var split = all.IndexOf("|");
        Assert.Equal([Seeded], all.Take(split));
        Assert.Equal(["Cancelled"], all.Skip(split + 1));
    }

    [Fact]
    public void An_unknown_status_shows_as_AWS_wrote_it()
    {
        // A status this version cannot read: Status is Unknown, and the views show AWS's own text.
        var r = _ps.Run("$t = Get-DxBgpFailoverTest @emu -TestId " + Seeded + "; $t.GetType().GetProperty('Status').SetValue($t, [BgpPeering.Engine.Model.DxBgpFailoverTestStatus]::Unknown); " +
            "$t.GetType().GetProperty('StatusText').SetValue($t, 'in-review'); $t | Out-String -Width 80").AssertClean();
        Assert.Contains(" in-review ", r.Text, StringComparison.Ordinal);
    }
}
