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
