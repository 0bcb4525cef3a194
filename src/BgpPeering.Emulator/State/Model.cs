using BgpPeering.Emulator.Hosting;

namespace BgpPeering.Emulator.State;

/// <summary>How a peer's BGP session behaves once the peer is available.</summary>
public enum BgpBehaviour
{
    /// <summary>Down, then up after the BGP delay.</summary>
    Up = 0,
    /// <summary>Stays down.</summary>
    Never,
    /// <summary>Up after the BGP delay, then alternately down and up (FlapDown, FlapUp).</summary>
    Flap,
    /// <summary>Direct Connect only: the status stays <c>unknown</c>.</summary>
    Unknown,
}

internal static class Names
{
    public static BgpBehaviour ParseBehaviour(string? text, BgpBehaviour fallback, string what) => text?.ToLowerInvariant() switch
    {
        null or "" => fallback,
        "up" => BgpBehaviour.Up,
        "never" or "down" => BgpBehaviour.Never,
        "flap" or "flapping" => BgpBehaviour.Flap,
        "unknown" => BgpBehaviour.Unknown,
        _ => throw new TopologyException(what + ": the BGP behaviour '" + text + "' is not one of up, never, flap, unknown."),
    };

    public static string BehaviourName(BgpBehaviour b) => b switch
    {
        BgpBehaviour.Up => "up",
        BgpBehaviour.Never => "never",
        BgpBehaviour.Flap => "flap",
        _ => "unknown",
    };

    public static readonly string[] RouteServerPeerStates = { "pending", "available", "deleting", "deleted", "failing", "failed" };
    public static readonly string[] EndpointStates = { "pending", "available", "deleting", "deleted", "failing", "failed", "delete-failed" };
    public static readonly string[] DxPeerStates = { "verifying", "pending", "available", "deleting", "deleted" };
    public static readonly string[] BgpStatuses = { "up", "down" };
    public static readonly string[] DxBgpStatuses = { "up", "down", "unknown" };
}

/// <summary>
/// The life of one peer, computed lazily from the clock: a base state entered at a time, plus what follows from
/// it (pending → available/failed after a delay, deleting → deleted after a delay). Admin pins override the BGP
/// and BFD statuses until they are set back to <c>auto</c>.
/// </summary>
internal sealed class Lifecycle
{
    public string State = "pending";
    public DateTimeOffset Since;
    /// <summary>Route Server: a pending peer ends <c>failed</c> with this reason.</summary>
    public string? FailureReason;
    public BgpBehaviour Behaviour;
    public string? BgpPin;
    public string? BfdPin;
}

/// <summary>The scaled delays for one kind of peer.</summary>
internal sealed class PeerTiming
{
    public PeerTiming(TimeSpan available, TimeSpan bgpUp, TimeSpan delete, TimeSpan retention, TimeSpan flapUp, TimeSpan flapDown)
    {
        Available = available;
        BgpUp = bgpUp;
        Delete = delete;
        Retention = retention;
        FlapUp = flapUp;
        FlapDown = flapDown;
    }

    public TimeSpan Available { get; }
    public TimeSpan BgpUp { get; }
    public TimeSpan Delete { get; }
    public TimeSpan Retention { get; }
    public TimeSpan FlapUp { get; }
    public TimeSpan FlapDown { get; }

    public static PeerTiming RouteServer(SimulationDelays d) => new(d.PeerAvailable, d.BgpUp, d.PeerDelete, d.DeletedRetention, d.FlapUp, d.FlapDown);

    public static PeerTiming DirectConnect(SimulationDelays d) => new(d.DxPeerAvailable, d.DxBgpUp, d.DxPeerDelete, d.DxDeletedRetention, d.FlapUp, d.FlapDown);

    /// <summary>Moves the lifecycle through every transition that is due by <paramref name="now"/>.</summary>
    public void Advance(Lifecycle l, DateTimeOffset now)
    {
        while (true)
        {
            switch (l.State)
            {
                case "pending":
                {
                    var at = l.Since + Available;
                    if (now < at) return;
                    l.State = l.FailureReason is null ? "available" : "failed";
                    l.Since = at;
                    continue;
                }
                case "deleting":
                {
                    var at = l.Since + Delete;
                    if (now < at) return;
                    l.State = "deleted";
                    l.Since = at;
                    continue;
                }
                default:
                    return;
            }
        }
    }

    /// <summary>The BGP status at <paramref name="now"/>; call <see cref="Advance"/> first.</summary>
    public string Bgp(Lifecycle l, DateTimeOffset now)
    {
        if (l.BgpPin is not null) return l.BgpPin;
        if (l.State == "verifying") return "unknown";
        if (l.State != "available") return "down";
        if (l.Behaviour == BgpBehaviour.Unknown) return "unknown";
        if (l.Behaviour == BgpBehaviour.Never) return "down";
        var upAt = l.Since + BgpUp;
        if (now < upAt) return "down";
        if (l.Behaviour == BgpBehaviour.Up) return "up";
        var cycle = FlapUp + FlapDown;
        var phase = TimeSpan.FromTicks((now - upAt).Ticks % cycle.Ticks);
        return phase < FlapUp ? "up" : "down";
    }

    /// <summary>When a deleting or deleted peer vanishes from listings; null when it is not being deleted.</summary>
    public DateTimeOffset? VanishAt(Lifecycle l) => l.State switch
    {
        "deleting" => l.Since + Delete + Retention,
        "deleted" => l.Since + Retention,
        _ => null,
    };
}

internal sealed class VpcRecord
{
    public required string Id;
    public string? Cidr;
}

internal sealed class SubnetRecord
{
    public required string Id;
    public required string VpcId;
    public string? Cidr;
    public string? AvailabilityZone;
}

internal sealed class RouteServerRecord
{
    public required string Id;
    public required string VpcId;
    public long AmazonSideAsn;
    public List<KeyValuePair<string, string>> Tags = new();
}

internal sealed class EndpointRecord
{
    public long Seq;
    public required string Id;
    public required RouteServerRecord RouteServer;
    public required SubnetRecord Subnet;
    public required string EniId;
    public required string EniAddress;
    public string State = "available";
    public string? FailureReason;
    public List<KeyValuePair<string, string>> Tags = new();
}

internal sealed class RsPeerRecord
{
    public long Seq;
    public required string Id;
    public required EndpointRecord Endpoint;
    public required string PeerAddress;
    public long Asn;
    public string Liveness = "bgp-keepalive";
    public List<KeyValuePair<string, string>> Tags = new();
    public readonly Lifecycle Life = new();
}

internal sealed class ConnectionRecord
{
    public required string Id;
    public string? Name;
    public string Location = "EqDC2";
    public string Bandwidth = "1Gbps";
    public string State = "available";
    public string HasLogicalRedundancy = "no";
    public string AwsDeviceV2 = "EqDC2-123h49s71dabc";
    public string AwsLogicalDeviceId = "EqDC2-1a2b3c4d5e6f";
    public readonly List<VifRecord> VirtualInterfaces = new();
}

internal sealed class VifRecord
{
    public long Seq;
    public required string Id;
    public required ConnectionRecord Connection;
    public string Type = "private";
    public string? Name;
    public int Vlan;
    public long Asn;
    public long AmazonSideAsn;
    public string? AuthKey;
    public string? AmazonAddress;
    public string? CustomerAddress;
    public string? AddressFamily;
    public string State = "available";
    public string? CustomerRouterConfig;
    public int Mtu = 1500;
    public bool JumboFrameCapable;
    public string? VirtualGatewayId;
    public string? DirectConnectGatewayId;
    public List<string> RouteFilterPrefixes = new();
    public bool SiteLinkEnabled;
    public List<KeyValuePair<string, string>> Tags = new();
    public readonly List<DxPeerRecord> Peers = new();
}

internal sealed class DxPeerRecord
{
    public required string Id;
    public required VifRecord Vif;
    public long Asn;
    public required string AuthKey;
    public required string AddressFamily;
    public string? AmazonAddress;
    public string? CustomerAddress;
    public readonly Lifecycle Life = new();
}
