using System.Collections.Generic;
using System.Globalization;

namespace BgpPeering.Engine.Model;

/// <summary>The input of StartBgpFailoverTest: one interface, the peers to take down, and for how long.</summary>
public sealed class StartDxBgpFailoverTestRequest
{
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>The peers to put in the DOWN state; the cmdlets always name them (AWS would take an empty list as every peer).</summary>
    public IReadOnlyList<string> BgpPeerIds { get; set; } = new string[0];

    /// <summary><c>testDurationInMinutes</c>, 1 to 4320; null sends nothing (AWS's default is 180).</summary>
    public int? DurationInMinutes { get; set; }

    /// <summary>A description for messages and ShouldProcess.</summary>
    public override string ToString()
    {
        var peers = BgpPeerIds.Count == 0 ? "every BGP peer" : string.Join(", ", BgpPeerIds);
        var minutes = DurationInMinutes is int m ? m.ToString(CultureInfo.InvariantCulture) + " minute" + (m == 1 ? string.Empty : "s") : "AWS's default 180 minutes";
        return peers + " on " + VirtualInterfaceId + " for " + minutes;
    }
}

/// <summary>
/// What to ask ListVirtualInterfaceTestHistory for. Every member is optional (none lists the region's whole
/// history); the API takes one test ID, one interface and a list of peers per call.
/// </summary>
public sealed class DxBgpFailoverTestQuery
{
    public string? TestId { get; set; }

    public string? VirtualInterfaceId { get; set; }

    public string? BgpPeerId { get; set; }

    /// <summary>
    /// The <c>status</c> filter, as AWS spells it (such as <c>in-progress</c>). Get-DxBgpFailoverTest leaves it out and
    /// matches the status itself, since AWS declares no spelling: a guessed one would quietly match nothing.
    /// </summary>
    public string? Status { get; set; }

    /// <summary>Page size (AWS returns at most 100). Null sends nothing, and AWS chooses.</summary>
    public int? MaxResults { get; set; }

    public override string ToString()
    {
        var parts = new List<string>();
        if (TestId is not null) parts.Add("test " + TestId);
        if (BgpPeerId is not null) parts.Add("of " + BgpPeerId);
        if (VirtualInterfaceId is not null) parts.Add("on " + VirtualInterfaceId);
        if (Status is not null) parts.Add(Status);
        return parts.Count == 0 ? "every failover test" : string.Join(" ", parts);
    }
}
