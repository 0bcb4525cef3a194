using System;
using System.Collections.Generic;

namespace BgpPeering.Engine.Model;

/// <summary>
/// The status of a Direct Connect BGP failover test, flat so that <c>Where Status -eq InProgress</c> works. AWS's
/// API declares no list of values (its user guide names In progress, Completed, Cancelled and Failed); any other
/// spelling reads as <see cref="Unknown"/>, and <see cref="DxBgpFailoverTest.StatusText"/> keeps what AWS sent.
/// </summary>
public enum DxBgpFailoverTestStatus
{
    /// <summary>AWS sent no status, or one this version does not know (see StatusText).</summary>
    Unknown = 0,
    /// <summary>The test is running: its BGP sessions are held down.</summary>
    InProgress,
    /// <summary>The test ran for the time it was started for.</summary>
    Completed,
    /// <summary>The test was stopped before its time was up (StopBgpFailoverTest).</summary>
    Cancelled,
    /// <summary>The test did not run for its time (AWS: an issue with the router).</summary>
    Failed,
}

/// <summary>
/// A Direct Connect BGP failover test (StartBgpFailoverTest, StopBgpFailoverTest, ListVirtualInterfaceTestHistory):
/// the virtual interface whose BGP sessions it takes down, which ones, for how long, and how it went. Pipes into
/// <c>Stop-DxBgpFailoverTest</c> and <c>Get-DxBgpFailoverTest</c> (by TestId and VirtualInterfaceId), and into
/// <c>Get-DxBgpPeer</c> (its BgpPeerIds) to read or wait for the tested peers.
/// </summary>
public sealed class DxBgpFailoverTest
{
    public string TestId { get; internal set; } = string.Empty;
    public string VirtualInterfaceId { get; internal set; } = string.Empty;

    /// <summary>The BGP peers the test puts (or put) in the DOWN state.</summary>
    public IReadOnlyList<string> BgpPeerIds { get; internal set; } = Array.Empty<string>();

    public DxBgpFailoverTestStatus Status { get; internal set; }

    /// <summary>The status exactly as AWS sent it, such as <c>in-progress</c>; null when it sent none.</summary>
    public string? StatusText { get; internal set; }

    /// <summary>The test's length in whole minutes (AWS's <c>testDurationInMinutes</c>); null when AWS sent none.</summary>
    public TimeSpan? Duration { get; internal set; }

    /// <summary>When the sessions went DOWN.</summary>
    public DateTimeOffset? StartTime { get; internal set; }

    /// <summary>When the sessions came out of the DOWN state; null while the test runs.</summary>
    public DateTimeOffset? EndTime { get; internal set; }

    /// <summary>The account that owns the tested virtual interface.</summary>
    public string? OwnerAccount { get; internal set; }

    /// <summary>The region of the call that read it.</summary>
    public string Region { get; internal set; } = string.Empty;
    public string? EndpointUrl { get; internal set; }
    public DateTimeOffset RetrievedAt { get; internal set; }

    public override string ToString() => TestId;
}
