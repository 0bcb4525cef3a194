namespace BgpPeering.Engine.Aws.DirectConnect;

/// <summary>
/// What the engine reads of a Direct Connect connection (DescribeConnections): its logical-redundancy flag decides
/// whether a virtual interface on it may have a second BGP peer of one address family. Not an output type.
/// </summary>
public sealed class DxConnection
{
    public DxConnection(string connectionId, string? connectionName, string? connectionState, string? lagId, string? hasLogicalRedundancy)
    {
        ConnectionId = connectionId;
        ConnectionName = connectionName;
        ConnectionState = connectionState;
        LagId = lagId;
        HasLogicalRedundancy = hasLogicalRedundancy;
    }

    /// <summary>dxcon-…</summary>
    public string ConnectionId { get; }

    public string? ConnectionName { get; }

    public string? ConnectionState { get; }

    /// <summary>The LAG the connection belongs to, if any.</summary>
    public string? LagId { get; }

    /// <summary>AWS's <c>yes</c>, <c>no</c> or <c>unknown</c> (null when AWS sent none).</summary>
    public string? HasLogicalRedundancy { get; }

    /// <summary>True for <c>yes</c>, false for <c>no</c>, null when AWS does not know or did not say.</summary>
    public bool? LogicalRedundancy => HasLogicalRedundancy switch
    {
        "yes" => true,
        "no" => false,
        _ => null,
    };
}
