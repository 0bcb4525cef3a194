using System;
using System.Collections.Generic;
using System.Globalization;

namespace BgpPeering.Engine.Model.Validation;

/// <summary>
/// Input rules for Direct Connect BGP failover tests, checked before any request is sent. A test lasts whole minutes,
/// 1 to 4320 (72 hours, the maximum AWS's StartBgpFailoverTest reference gives; 1 is the module's own minimum, since
/// AWS models none and a test of 0 minutes tests nothing), 180 by default as AWS's.
/// </summary>
public static class FailoverTestRules
{
    public const int MinMinutes = 1;

    public const int MaxMinutes = 4320;

    public const int DefaultMinutes = 180;

    /// <summary>AWS's default: 180 minutes.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(DefaultMinutes);

    /// <summary>
    /// The whole minutes of <paramref name="duration"/>, or a <see cref="ValidationException"/> naming the parameter
    /// and the valid range when it is shorter than a minute, longer than 4320 minutes or not whole minutes.
    /// </summary>
    public static int ToMinutes(TimeSpan duration, string parameterName = "Duration")
    {
        var text = "-" + parameterName + " " + duration.ToString("c", CultureInfo.InvariantCulture);
        if (duration < TimeSpan.FromMinutes(MinMinutes))
            throw new ValidationException(parameterName, text + " is too short. A failover test lasts 1 to 4320 minutes (72 hours), in whole minutes, such as 00:30:00 or (New-TimeSpan -Minutes 30)" +
                (duration > TimeSpan.Zero && duration.Ticks < TimeSpan.TicksPerSecond ? "; a bare number is read as ticks, not minutes." : "."));
        if (duration > TimeSpan.FromMinutes(MaxMinutes))
            throw new ValidationException(parameterName, text + " is too long. A failover test lasts 1 to 4320 minutes (72 hours, 3.00:00:00), in whole minutes.");
        if (duration.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ValidationException(parameterName, text + " is not a whole number of minutes. Direct Connect takes a failover test's length in whole minutes (1 to 4320), such as 00:30:00.");
        return (int)(duration.Ticks / TimeSpan.TicksPerMinute);
    }

    /// <summary>
    /// Builds the StartBgpFailoverTest input: a valid interface, one or more valid peer IDs (each once, in the order
    /// given) and a duration of 1 to 4320 whole minutes. The error's target is the test this input would start.
    /// </summary>
    public static StartDxBgpFailoverTestRequest BuildStart(string virtualInterfaceId, IEnumerable<string>? bgpPeerIds, TimeSpan duration)
    {
        var peers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in bgpPeerIds ?? new string[0])
        {
            if (seen.Add(id)) peers.Add(id);
        }
        var request = new StartDxBgpFailoverTestRequest { VirtualInterfaceId = virtualInterfaceId, BgpPeerIds = peers };
        try
        {
            AwsIds.Check(AwsIdKind.VirtualInterface, virtualInterfaceId, "VirtualInterfaceId");
            if (peers.Count == 0)
                throw new ValidationException("BgpPeerId",
                    "-BgpPeerId names no peer. Name the BGP peers (dxpeer-...) the test takes down, or pipe them in from Get-DxBgpPeer.");
            foreach (var id in peers) AwsIds.Check(AwsIdKind.DxBgpPeer, id, "BgpPeerId");
            request.DurationInMinutes = ToMinutes(duration);
        }
        catch (ValidationException ex)
        {
            throw ex.For(request);
        }
        return request;
    }

    /// <summary>Get-DxBgpFailoverTest's queries: every combination of the values given (none: the whole history).</summary>
    public static List<DxBgpFailoverTestQuery> BuildQueries(IReadOnlyList<string>? testIds, IReadOnlyList<string>? virtualInterfaceIds, IReadOnlyList<string>? bgpPeerIds)
    {
        var result = new List<DxBgpFailoverTestQuery>();
        foreach (var test in OrNone(testIds))
            foreach (var vif in OrNone(virtualInterfaceIds))
                foreach (var peer in OrNone(bgpPeerIds))
                    result.Add(new DxBgpFailoverTestQuery { TestId = test, VirtualInterfaceId = vif, BgpPeerId = peer });
        return result;
    }

    private static IEnumerable<string?> OrNone(IReadOnlyList<string>? values)
    {
        var any = false;
        foreach (var v in values ?? new string[0])
        {
            if (string.IsNullOrEmpty(v)) continue;
            any = true;
            yield return v;
        }
        if (!any) yield return null;
    }
}
