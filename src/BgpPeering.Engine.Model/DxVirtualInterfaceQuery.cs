
namespace BgpPeering.Engine.Model;

/// <summary>What to ask DescribeVirtualInterfaces for. Both IDs null lists every interface in the region.</summary>
public sealed class DxVirtualInterfaceQuery
{
    public string? VirtualInterfaceId { get; set; }

    public string? ConnectionId { get; set; }

    /// <summary>Page size (AWS returns at most 100). Null sends nothing, and AWS chooses.</summary>
    public int? MaxResults { get; set; }

    public override string ToString() =>
        VirtualInterfaceId ?? (ConnectionId is null ? "all virtual interfaces" : "virtual interfaces on " + ConnectionId);
}
