using System.Globalization;
using System.Net;

namespace BgpPeering.Emulator.State;

/// <summary>
/// One emulated world: the settings a seed gave it (account, region, delays, behaviours, rules), its stores,
/// its simulated life, and the allocators of sequence numbers, IDs and link addresses. The seed loader builds a
/// fresh one for every reset; <see cref="EmulatorState"/> swaps it in only once it is complete. Not thread-safe:
/// the state's lock guards it.
/// </summary>
internal sealed class World
{
    private uint _v4Next;
    private uint _v6Next;

    public World(IdGenerator ids, long seq)
    {
        Ids = ids;
        Seq = seq;
        RouteServer = new RouteServerStore(this);
        DirectConnect = new DirectConnectStore(this);
        Routes = new RouteStore(this);
        FailoverTests = new FailoverTestStore(this);
        Life = new SimulatedLife(this);
    }

    public IdGenerator Ids { get; }

    public string AccountId { get; set; } = "123456789012";

    public string Region { get; set; } = "us-east-1";

    /// <summary>The delays in force, after the seed's overrides and the speed.</summary>
    public SimulationDelays EffectiveDelays { get; set; } = new();

    /// <summary>What every simulated delay is divided by; a duration a request names is to be divided by it too.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>The timing of Route Server peers.</summary>
    public PeerTiming Rs { get; set; } = null!;

    /// <summary>The timing of Direct Connect peers.</summary>
    public PeerTiming Dx { get; set; } = null!;

    /// <summary>The BGP behaviour of a new peer that no rule names.</summary>
    public BgpBehaviour DefaultBehaviour { get; set; }

    /// <summary>Behaviours for peers created through the API; the first match applies.</summary>
    public List<PeerRuleSeed> Rules { get; set; } = new();

    /// <summary>The last sequence number handed out; listings page in this order.</summary>
    public long Seq { get; private set; }

    public RouteServerStore RouteServer { get; }

    public DirectConnectStore DirectConnect { get; }

    /// <summary>What each peer advertises, and the routing answers computed from it.</summary>
    public RouteStore Routes { get; }
    /// <summary>Direct Connect BGP failover tests, running and finished.</summary>
    public FailoverTestStore FailoverTests { get; }

    public SimulatedLife Life { get; }

    public long NextSeq() => ++Seq;

    /// <summary>An ID from <paramref name="make"/> that no peer, virtual interface or endpoint has yet.</summary>
    public string NewId(Func<string> make)
    {
        while (true)
        {
            var id = make();
            if (!RouteServer.Peers.ContainsKey(id) && !DirectConnect.Peers.ContainsKey(id) && !DirectConnect.Vifs.ContainsKey(id)
                && !RouteServer.Endpoints.ContainsKey(id)) return id;
        }
    }

    public PeerRuleSeed? MatchRule(string? address, long asn)
    {
        foreach (var rule in Rules)
        {
            if (rule.PeerAddress is not null && !SameAddress(rule.PeerAddress, address)) continue;
            if (rule.Asn is long a && a != asn) continue;
            return rule;
        }
        return null;
    }

    /// <summary>A Route Server peer's BGP is up or down; the behaviour <c>unknown</c> means never up there.</summary>
    public BgpBehaviour RouteServerBehaviour(string? text, string what)
    {
        var b = Names.ParseBehaviour(text, DefaultBehaviour, what);
        return b == BgpBehaviour.Unknown ? BgpBehaviour.Never : b;
    }

    /// <summary>The next /30 from 169.254.0.0/16, as AWS auto-assigns: Amazon takes .1, the customer .2.</summary>
    public (string, string) NextIPv4Pair()
    {
        var block = 0xA9FE0000u + 0x6400u + (_v4Next++ % 0x3000u) * 4; // 169.254.100.0 onwards
        return (Ipv4(block + 1) + "/30", Ipv4(block + 2) + "/30");
    }

    /// <summary>The next /125 from the documentation prefix 2001:db8::/32 (AWS uses its own pool).</summary>
    public (string, string) NextIPv6Pair()
    {
        var n = _v6Next++;
        var hi = (n >> 13) & 0xffff;
        var lo = (n & 0x1fff) << 3;
        var prefix = "2001:db8:" + (0x2000 + hi).ToString("x", CultureInfo.InvariantCulture) + ":" + lo.ToString("x", CultureInfo.InvariantCulture) + "::";
        return (prefix + "1/125", prefix + "2/125");
    }

    public static string Ipv4(uint value) =>
        new IPAddress(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value }).ToString();

    /// <summary>Two addresses are the same host, with or without a prefix length.</summary>
    public static bool SameAddress(string? a, string? b)
    {
        if (a is null || b is null) return false;
        static string Host(string s) => s.Contains('/') ? s[..s.IndexOf('/')] : s;
        return string.Equals(Host(a), Host(b), StringComparison.OrdinalIgnoreCase);
    }
}
