using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BgpPeering.Engine.Aws;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Session;

namespace BgpPeering.Engine.Operations;

/// <summary>
/// The front door for Direct Connect BGP peers: what Get-, New- and Remove-DxBgpPeer call, writing objects and
/// errors to a sink. Reads and the shared helpers are here; the writes are in DxBgpPeers.Writes.cs, and
/// Direct Connect's stand-in for a DryRun in DxBgpPeers.WhatIf.cs.
/// </summary>
public sealed partial class DxBgpPeers
{
    private readonly DirectConnectClient _client;

    public DxBgpPeers(DirectConnectClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>The work of Get-DxBgpPeer: the peers the selectors pick (with none, every peer in the region).</summary>
    public EngineWork Get(IReadOnlyList<DxBgpPeerSelector> selectors) => (sink, ct) => GetAsync(selectors, sink, ct);

    /// <summary>New-DxBgpPeer: CreateBGPPeer, or with -WhatIf the read-only check (DxBgpPeers.WhatIf.cs).</summary>
    public Mutation Create(NewDxBgpPeerRequest request) =>
        new("Create Direct Connect BGP peer", request, (sink, ct) => CreateAsync(request, sink, ct), (sink, ct) => WhatIfCreateAsync(request, sink, ct));

    /// <summary>Remove-DxBgpPeer: DeleteBGPPeer, or with -WhatIf the read-only check (DxBgpPeers.WhatIf.cs).</summary>
    public Mutation Remove(DxBgpPeerDeleteRequest request, bool passThru) =>
        new("Delete Direct Connect BGP peer", request, (sink, ct) => RemoveAsync(request, passThru, sink, ct), (sink, ct) => WhatIfRemoveAsync(request, sink, ct));

    /// <summary>
    /// Writes the peers the selectors pick, each once. With no selectors (or one that selects everything),
    /// every interface in the region is listed, page by page, and each page's peers are written before the
    /// next page is asked for. Otherwise: one call per interface ID and per connection ID, or a single listing
    /// when a selector names only a peer ID (DescribeVirtualInterfaces cannot filter by peer).
    /// A peer or interface asked for by ID and not found is one ObjectNotFound error each.
    /// </summary>
    public async Task GetAsync(IReadOnlyList<DxBgpPeerSelector> selectors, IOutputSink sink, CancellationToken ct)
    {
        var wanted = selectors is { Count: > 0 } ? selectors.ToList() : new List<DxBgpPeerSelector> { new() };
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var matched = new HashSet<DxBgpPeerSelector>();
        var seenVifs = new HashSet<string>(StringComparer.Ordinal);
        var failed = new HashSet<DxBgpPeerSelector>();

        void Take(DxVirtualInterface vif)
        {
            seenVifs.Add(vif.VirtualInterfaceId);
            foreach (var peer in vif.BgpPeers)
            {
                var any = false;
                foreach (var s in wanted)
                {
                    if (!s.Matches(peer)) continue;
                    matched.Add(s);
                    any = true;
                }
                if (any && emitted.Add(peer.BgpPeerId)) sink.Write(PumpEventKind.Output, peer);
            }
        }

        if (wanted.Any(s => s.VirtualInterfaceId is null && s.ConnectionId is null))
        {
            // One listing answers every selector.
            await ListAsync(new DxVirtualInterfaceQuery(), sink, Take, ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var vifId in wanted.Where(s => s.VirtualInterfaceId is not null).Select(s => s.VirtualInterfaceId!).Distinct(StringComparer.Ordinal))
            {
                var ok = await TryListAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = vifId }, vifId, sink, Take, ct).ConfigureAwait(false);
                if (!ok) failed.UnionWith(wanted.Where(s => s.VirtualInterfaceId == vifId));
            }
            foreach (var conId in wanted.Where(s => s.VirtualInterfaceId is null && s.ConnectionId is not null).Select(s => s.ConnectionId!).Distinct(StringComparer.Ordinal))
            {
                var ok = await TryListAsync(new DxVirtualInterfaceQuery { ConnectionId = conId }, conId, sink, Take, ct).ConfigureAwait(false);
                if (!ok) failed.UnionWith(wanted.Where(s => s.VirtualInterfaceId is null && s.ConnectionId == conId));
            }
        }

        // What was asked for by ID and not found: one error each (an error already written covers its selectors).
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in wanted)
        {
            if (failed.Contains(s) || matched.Contains(s)) continue;
            if (s.BgpPeerId is not null)
            {
                var where = s.VirtualInterfaceId is not null ? " on " + s.VirtualInterfaceId : s.ConnectionId is not null ? " on " + s.ConnectionId : string.Empty;
                if (reported.Add(s.BgpPeerId + where))
                    sink.Write(PumpEventKind.Error, NotFound("Direct Connect BGP peer " + s.BgpPeerId + " was not found" + where + " in " + _client.Region + ".", s.BgpPeerId));
            }
            else if (s.VirtualInterfaceId is not null && !seenVifs.Contains(s.VirtualInterfaceId) && reported.Add(s.VirtualInterfaceId))
            {
                sink.Write(PumpEventKind.Error, NotFound("Virtual interface " + s.VirtualInterfaceId + " was not found in " + _client.Region + ".", s.VirtualInterfaceId));
            }
        }
    }

    /// <summary>Lists every page of a query, handing each interface to <paramref name="take"/> as its page arrives.</summary>
    internal Task ListAsync(DxVirtualInterfaceQuery query, IOutputSink sink, Action<DxVirtualInterface> take, CancellationToken ct) =>
        _client.ReadVirtualInterfacePagesAsync(query, (page, n) =>
        {
            if (sink.Wants(PumpEventKind.Verbose))
                sink.Write(PumpEventKind.Verbose, "DescribeVirtualInterfaces (" + query + ") page " + n + ": " + page.Items.Count + " interface(s)" + (page.NextToken is null ? "." : ", more to come."));
            foreach (var vif in page.Items) take(vif);
            return true;
        }, ct);

    private async Task<bool> TryListAsync(DxVirtualInterfaceQuery query, string target, IOutputSink sink, Action<DxVirtualInterface> take, CancellationToken ct)
    {
        try
        {
            await ListAsync(query, sink, take, ct).ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException ex)
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
            return false;
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            sink.Write(PumpEventKind.Error, ErrorClassifier.Classify(ex, target));
            return false;
        }
    }

    /// <summary>DescribeVirtualInterfaces for one ID: the interface, or null when AWS does not know it.</summary>
    internal async Task<DxVirtualInterface?> DescribeOneAsync(string virtualInterfaceId, CancellationToken ct)
    {
        try
        {
            var page = await _client.DescribeVirtualInterfacesAsync(new DxVirtualInterfaceQuery { VirtualInterfaceId = virtualInterfaceId }, null, ct).ConfigureAwait(false);
            return page.Items.FirstOrDefault(v => v.VirtualInterfaceId == virtualInterfaceId);
        }
        catch (AwsServiceException ex) when (ex.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }

    private static bool Identifies(DxBgpPeerDeleteRequest request, DxBgpPeer peer)
    {
        if (!string.IsNullOrEmpty(request.BgpPeerId)) return peer.BgpPeerId == request.BgpPeerId;
        return peer.VirtualInterfaceId == request.VirtualInterfaceId
            && request.EffectiveAsn is long asn && peer.Asn == asn
            && DirectConnectRules.SameCidr(peer.CustomerAddress, request.CustomerAddress);
    }

    private static bool IsLive(DxBgpPeer peer) => peer.State is not (DxBgpPeerState.Deleting or DxBgpPeerState.Deleted);

    /// <summary>A refusal of the request itself (not throttling, permissions or a server fault): worth explaining.</summary>
    internal static bool IsRefusal(AwsServiceException ex) =>
        ex.StatusCode is >= 400 and < 500 && ex.Kind is AwsErrorKind.InvalidArgument or AwsErrorKind.NotFound or AwsErrorKind.InvalidState or AwsErrorKind.Other;

    private static ItemError NotFound(string message, object? target) => ErrorCatalogue.ObjectNotFound.For(message, target);

    private static void Refuse(IOutputSink sink, object target, ErrorDefinition error, string message) =>
        sink.Write(PumpEventKind.Error, error.For(message, target));

    private static string Describe(DxBgpPeerDeleteRequest request) =>
        string.IsNullOrEmpty(request.BgpPeerId) ? "The " + request : "BGP peer " + request.BgpPeerId;

    private static string Family(AddressFamily? family) => family == AddressFamily.IPv6 ? "IPv6" : family == AddressFamily.IPv4 ? "IPv4" : "unknown-family";

    private static string Format(long? asn) => asn is long a ? a.ToString(CultureInfo.InvariantCulture) : "(none)";
}

public static partial class SessionFrontDoors
{
    /// <summary>The front door for Direct Connect BGP peers in this session.</summary>
    public static DxBgpPeers DxBgpPeers(this AwsSession session) => new(session.DirectConnect);
}
