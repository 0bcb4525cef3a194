using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;

namespace BgpPeering.Engine.Planning;

/// <summary>
/// Sync-RouteServerPeer's plan, from the rows and the peers AWS listed on the endpoints they name: pure, with no I/O.
/// <list type="bullet">
/// <item>A peer is known by its endpoint and address. Peers deleting or deleted are history: never kept, never removed.</item>
/// <item>Create: no live peer at the row's endpoint and address. Keep: the peer is as the row says (nothing is sent).</item>
/// <item>Replace: the peer has another ASN or liveness detection, or has failed. AWS cannot modify a peer, so it is
/// deleted and created again with the row's values (and the old peer's tags when the row names none).</item>
/// <item>Update: only the tags differ, and the row names tags: CreateTags/DeleteTags, which keep the BGP session up.
/// The peer's tags must then equal the row's (keys starting with aws: are AWS's own and left alone); a row that names
/// no tags leaves the peer's tags as they are.</item>
/// <item>Remove (with -RemoveUnlisted only): a live peer on an endpoint some row names that no row names. Endpoints no
/// row names are never looked at.</item>
/// </list>
/// Rows that name the same endpoint and address are refused (DuplicateRow), all of them, and the peer there is left
/// alone; a row on an endpoint AWS does not know is ObjectNotFound, and a Create or Replace on an endpoint that is not
/// available is IncorrectState (a Replace is then not begun). Changes come endpoint by endpoint (in the order the
/// rows first name them), each endpoint's in row order and its removals last, so that new peers come up before old
/// ones go.
/// </summary>
public static class RouteServerSyncPlanner
{
    /// <param name="rows">The rows, in input order.</param>
    /// <param name="endpoints">Every endpoint the rows name that AWS knows.</param>
    /// <param name="current">The peers AWS listed on those endpoints.</param>
    /// <param name="options">-RemoveUnlisted, whether removals are withheld, and the region and URL stamped on each change.</param>
    public static SyncPlan Plan(IReadOnlyList<RouteServerSyncRow> rows, IReadOnlyList<RouteServerEndpoint> endpoints, IReadOnlyList<RouteServerPeer> current, SyncOptions options)
    {
        if (rows is null) throw new ArgumentNullException(nameof(rows));
        if (endpoints is null) throw new ArgumentNullException(nameof(endpoints));
        if (current is null) throw new ArgumentNullException(nameof(current));
        if (options is null) throw new ArgumentNullException(nameof(options));
        var changes = new List<PlannedChange>();
        var refusals = new List<ItemError>();
        var states = new Dictionary<string, RouteServerState>(StringComparer.Ordinal);
        foreach (var e in endpoints) states[e.RouteServerEndpointId] = e.State;
        var found = new HashSet<string>(states.Keys, StringComparer.Ordinal);

        // Rows naming one peer twice: all of them are refused, and that peer is protected from -RemoveUnlisted.
        var protectedKeys = new HashSet<string>(StringComparer.Ordinal);
        var good = new List<RouteServerSyncRow>();
        foreach (var group in rows.GroupBy(Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            if (list.Count == 1) continue;
            protectedKeys.Add(group.Key);
            refusals.Add(ErrorCatalogue.DuplicateRow.For(
                list.Count + " rows name the peer at " + list[0].PeerAddress + " on " + list[0].RouteServerEndpointId + " (" +
                string.Join("; ", list.Select(Describe)) + "). A peer is known by its endpoint and address, so each may appear once; none of these rows is synced, and the peer there is left as it is.",
                list[list.Count - 1]));
        }
        good.AddRange(rows.Where(r => !protectedKeys.Contains(Key(r))));

        var live = current.Where(IsLive).ToList();
        var endpointOrder = good.Select(r => r.RouteServerEndpointId).Distinct(StringComparer.Ordinal).ToList();
        var removals = 0;
        foreach (var endpoint in endpointOrder)
        {
            var endpointRows = good.Where(r => r.RouteServerEndpointId == endpoint).ToList();
            if (!found.Contains(endpoint))
            {
                foreach (var row in endpointRows)
                    refusals.Add(ErrorCatalogue.ObjectNotFound.For("Route Server endpoint " + endpoint + " was not found in " + options.Region + ", so the " + row + " cannot be synced.", row));
                continue;
            }
            var onEndpoint = live.Where(p => p.RouteServerEndpointId == endpoint).ToList();
            var matched = new HashSet<RouteServerPeer>();
            foreach (var row in endpointRows)
            {
                var atAddress = onEndpoint.Where(p => p.PeerAddress == row.PeerAddress).ToList();
                // Where AWS lists two live peers at one address, the one that already matches is the row's.
                var peer = atAddress.FirstOrDefault(p => Differences(row, p).Count == 0 && TagChanges(row, p).Empty) ?? atAddress.FirstOrDefault();
                if (peer is not null) matched.Add(peer);
                var change = ForRow(row, peer, options);
                if (change.Create is not null && states[endpoint] != RouteServerState.Available)
                {
                    refusals.Add(ErrorCatalogue.IncorrectState.For("Route Server endpoint " + endpoint + " is " + WireNames.ToWire(states[endpoint]) +
                        ", and peers are created only on an available endpoint, so the " + change.Change + " cannot be made" +
                        (change.Action == BgpPeerChangeAction.Replace ? " (and " + peer!.RouteServerPeerId + " is left as it is)." : "."), change.Change));
                    continue;
                }
                changes.Add(change);
            }
            foreach (var peer in onEndpoint.Where(p => !matched.Contains(p)))
            {
                if (!options.RemoveUnlisted || protectedKeys.Contains(endpoint + "|" + peer.PeerAddress)) continue;
                removals++;
                if (options.WithholdRemovalsBecause is not null) continue;
                var change = NewChange(BgpPeerChangeAction.Remove, options, peer.RouteServerEndpointId, peer.PeerAddress, peer.PeerAsn);
                change.PeerId = peer.RouteServerPeerId;
                change.Peer = peer;
                change.Reason = "in no row (-RemoveUnlisted)";
                changes.Add(new PlannedChange(change) { Existing = peer });
            }
        }
        if (removals > 0 && options.WithholdRemovalsBecause is string why)
        {
            refusals.Add(ErrorCatalogue.RemovalsWithheld.For(
                "-RemoveUnlisted removed none of the " + removals + " peer(s) that no row names on " + string.Join(", ", endpointOrder.Where(found.Contains)) + ": " + why +
                " Correct the refused rows and run the sync again.", string.Join(", ", endpointOrder.Where(found.Contains))));
        }
        return new SyncPlan(changes, refusals);
    }

    /// <summary>A live peer: not deleting or deleted (those are history).</summary>
    public static bool IsLive(RouteServerPeer peer) => peer.State is not (RouteServerState.Deleting or RouteServerState.Deleted);

    private static PlannedChange ForRow(RouteServerSyncRow row, RouteServerPeer? peer, SyncOptions options)
    {
        if (peer is null)
        {
            var create = NewChange(BgpPeerChangeAction.Create, options, row.RouteServerEndpointId, row.PeerAddress, row.PeerAsn);
            create.Reason = "no peer at this address";
            return new PlannedChange(create) { Create = row.Request };
        }
        var differences = Differences(row, peer);
        var tags = TagChanges(row, peer);
        BgpPeerChange change;
        if (differences.Count > 0)
        {
            change = NewChange(BgpPeerChangeAction.Replace, options, row.RouteServerEndpointId, row.PeerAddress, row.PeerAsn);
            change.ReplacedPeerId = peer.RouteServerPeerId;
            change.Reason = string.Join(", ", differences) + (tags.Empty ? string.Empty : ", " + tags.Describe()) + "; replaced (delete and create)";
            change.PeerId = peer.RouteServerPeerId;
            change.Peer = peer;
            return new PlannedChange(change) { Create = ReplacementOf(row, peer), Existing = peer };
        }
        change = NewChange(tags.Empty ? BgpPeerChangeAction.Keep : BgpPeerChangeAction.Update, options, row.RouteServerEndpointId, row.PeerAddress, row.PeerAsn);
        change.PeerId = peer.RouteServerPeerId;
        change.Peer = peer;
        change.Reason = tags.Empty ? "matches the row" : tags.Describe();
        return new PlannedChange(change) { Existing = peer, TagsToSet = tags.Set, TagsToDelete = tags.Delete };
    }

    /// <summary>What differs that AWS cannot modify in place: the ASN, the liveness detection, or a failed peer.</summary>
    internal static List<string> Differences(RouteServerSyncRow row, RouteServerPeer peer)
    {
        var list = new List<string>();
        if (row.PeerAsn is long asn && peer.PeerAsn != asn)
            list.Add("PeerAsn " + peer.PeerAsn.ToString(CultureInfo.InvariantCulture) + " → " + asn.ToString(CultureInfo.InvariantCulture));
        if (peer.PeerLivenessDetection != row.PeerLivenessDetection)
            list.Add("PeerLivenessDetection " + peer.PeerLivenessDetection + " → " + row.PeerLivenessDetection);
        if (peer.State is RouteServerState.Failed or RouteServerState.Failing or RouteServerState.DeleteFailed)
            list.Add("state " + peer.State + (string.IsNullOrEmpty(peer.FailureReason) ? string.Empty : " (" + peer.FailureReason + ")"));
        return list;
    }

    /// <summary>The tags a row asks for against the peer's: what to set and what to delete (nothing when the row names no tags).</summary>
    internal static TagDiff TagChanges(RouteServerSyncRow row, RouteServerPeer peer)
    {
        if (!row.TagsManaged) return TagDiff.None;
        var wanted = row.Request.Tags;
        var have = peer.Tags;
        var set = wanted.Where(t => !have.TryGetValue(t.Key, out var v) || v != t.Value).ToList();
        var wantedKeys = new HashSet<string>(wanted.Select(t => t.Key), StringComparer.Ordinal);
        var delete = have.Keys.Where(k => !wantedKeys.Contains(k) && !IsAwsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return new TagDiff(set, delete, have);
    }

    /// <summary>The create of a Replace: the row's values, and the old peer's own tags when the row names none.</summary>
    private static NewRouteServerPeerRequest ReplacementOf(RouteServerSyncRow row, RouteServerPeer peer)
    {
        if (row.TagsManaged) return row.Request;
        var request = new NewRouteServerPeerRequest
        {
            RouteServerEndpointId = row.Request.RouteServerEndpointId,
            PeerAddress = row.Request.PeerAddress,
            PeerAsn = row.Request.PeerAsn,
            PeerLivenessDetection = row.Request.PeerLivenessDetection,
        };
        foreach (var tag in peer.Tags.Where(t => !IsAwsKey(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal)) request.Tags.Add(tag);
        return request;
    }

    private static bool IsAwsKey(string key) => key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    private static string Key(RouteServerSyncRow row) => row.RouteServerEndpointId + "|" + row.PeerAddress;

    private static string Describe(RouteServerSyncRow row) =>
        "ASN " + (row.PeerAsn is long a ? a.ToString(CultureInfo.InvariantCulture) : "none") + ", " + row.PeerLivenessDetection +
        (row.TagsManaged ? ", tags " + (Tags.From(row.Request.Tags).ToString() is { Length: > 0 } t ? t : "(none)") : string.Empty);

    private static BgpPeerChange NewChange(BgpPeerChangeAction action, SyncOptions options, string? endpoint, string? address, long? asn) => new()
    {
        Action = action,
        Kind = BgpPeerKind.RouteServer,
        RouteServerEndpointId = endpoint,
        PeerAddress = address,
        PeerAsn = asn,
        Region = options.Region,
        EndpointUrl = options.EndpointUrl,
    };

    /// <summary>The tags to set and delete on one peer.</summary>
    internal sealed class TagDiff
    {
        public static readonly TagDiff None = new(new List<KeyValuePair<string, string>>(), new List<string>(), Model.Tags.Empty);

        private readonly IReadOnlyDictionary<string, string> _had;

        public TagDiff(List<KeyValuePair<string, string>> set, List<string> delete, IReadOnlyDictionary<string, string> had)
        {
            Set = set;
            Delete = delete;
            _had = had;
        }

        public List<KeyValuePair<string, string>> Set { get; }

        public List<string> Delete { get; }

        public bool Empty => Set.Count == 0 && Delete.Count == 0;

        /// <summary>Such as "Tags: +owner=neteng, env dev → prod, -old".</summary>
        public string Describe() => "Tags: " + string.Join(", ",
            Set.Select(t => _had.TryGetValue(t.Key, out var old) ? t.Key + " " + Show(old) + " → " + Show(t.Value) : "+" + t.Key + "=" + t.Value)
                .Concat(Delete.Select(k => "-" + k)));

        private static string Show(string value) => value.Length == 0 ? "''" : value;
    }
}
