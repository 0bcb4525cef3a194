using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Output;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Engine.Planning;

/// <summary>
/// Sync-DxBgpPeer's plan, from the rows, the virtual interfaces they name (with their peers) and the
/// logical-redundancy flag of their connections: pure, with no I/O.
/// <list type="bullet">
/// <item>A peer is known by its interface, family, ASN and customer address; a row without addresses (every IPv6 row:
/// AWS assigns them) by its interface, family and ASN. Peers deleting or deleted are history.</item>
/// <item>Create: no live peer has the row's key. Keep: the peer is as the row says. Replace: its auth key differs (when
/// the row names one) or its Amazon address differs (when the row names one): Direct Connect cannot modify a peer,
/// so it is deleted, then created again. The reason says only that the key differs, never either key.</item>
/// <item>Remove (with -RemoveUnlisted only): a live peer on an interface some row names that no row names.</item>
/// </list>
/// Direct Connect's rules decide the order and what is possible, interface by interface: the last live peer of an
/// interface cannot be deleted (LastBgpPeer); an interface has one peer per address family, or two when its
/// connection has logical redundancy (PeerFamilyFull); one family cannot have two peers with one ASN (DuplicatePeer)
/// nor two peers one customer address (DuplicateAddress); an interface that is deleting, deleted or rejected takes no
/// new peer (IncorrectState). The changes of an interface are put in an order that keeps every rule at every step
/// (creates first where they fit, each Replace as a delete then a create, removals where another peer stays); where
/// no order does, every change of that interface is left out (nothing of it is half-done), and one error per change
/// that cannot be made names the rule that stops it.
/// </summary>
public static class DxSyncPlanner
{
    /// <summary>Even with logical redundancy, an interface takes one primary and one secondary peer per address family.</summary>
    public const int MaxPeersPerFamily = 2;

    /// <summary>
    /// The connections whose logical-redundancy flag the plan depends on: those of interfaces where a row would
    /// create a peer of a family the interface already has, or two rows would create peers of one family.
    /// </summary>
    public static IReadOnlyList<string> ConnectionsToRead(IReadOnlyList<DxSyncRow> rows, IReadOnlyList<DxVirtualInterface> interfaces)
    {
        var result = new List<string>();
        foreach (var vif in interfaces)
        {
            if (string.IsNullOrEmpty(vif.ConnectionId) || result.Contains(vif.ConnectionId!)) continue;
            var live = vif.BgpPeers.Where(IsLive).ToList();
            var creates = rows.Where(r => r.VirtualInterfaceId == vif.VirtualInterfaceId && Match(r, live) is null).ToList();
            if (creates.GroupBy(r => r.AddressFamily).Any(g => g.Count() + live.Count(p => p.AddressFamily == g.Key) > 1)) result.Add(vif.ConnectionId!);
        }
        return result;
    }

    /// <param name="rows">The rows, in input order.</param>
    /// <param name="interfaces">Every interface the rows name that AWS knows, with its peers.</param>
    /// <param name="logicalRedundancy">By connection ID: true (yes), false (no), null or absent (unknown: taken as no).</param>
    /// <param name="options">-RemoveUnlisted, whether removals are withheld, and the region and URL stamped on each change.</param>
    public static SyncPlan Plan(IReadOnlyList<DxSyncRow> rows, IReadOnlyList<DxVirtualInterface> interfaces, IReadOnlyDictionary<string, bool?> logicalRedundancy, SyncOptions options)
    {
        if (rows is null) throw new ArgumentNullException(nameof(rows));
        if (interfaces is null) throw new ArgumentNullException(nameof(interfaces));
        if (logicalRedundancy is null) throw new ArgumentNullException(nameof(logicalRedundancy));
        if (options is null) throw new ArgumentNullException(nameof(options));
        var changes = new List<PlannedChange>();
        var refusals = new List<ItemError>();

        // Two rows for one interface, family and ASN: AWS allows one such peer, so the rows contradict each other.
        var protectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var list = group.ToList();
            protectedKeys.Add(group.Key);
            refusals.Add(ErrorCatalogue.DuplicateRow.For(
                list.Count + " rows name the " + Family(list[0].AddressFamily) + " peer with ASN " + Asn(list[0].Asn) + " on " + list[0].VirtualInterfaceId + " (" +
                string.Join("; ", list.Select(r => r.CustomerAddress ?? "AWS-assigned addresses")) +
                "). Direct Connect allows one peer per interface, family and ASN, so each may appear once; none of these rows is synced, and the peer there is left as it is.",
                list[list.Count - 1]));
        }
        var good = rows.Where(r => !protectedKeys.Contains(Key(r))).ToList();
        var byId = interfaces.GroupBy(v => v.VirtualInterfaceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var order = good.Select(r => r.VirtualInterfaceId).Distinct(StringComparer.Ordinal).ToList();
        var removals = 0;
        foreach (var vifId in order)
        {
            var vifRows = good.Where(r => r.VirtualInterfaceId == vifId).ToList();
            if (!byId.TryGetValue(vifId, out var vif))
            {
                foreach (var row in vifRows)
                    refusals.Add(ErrorCatalogue.ObjectNotFound.For("Virtual interface " + vifId + " was not found in " + options.Region + ", so the " + row + " cannot be synced.", row));
                continue;
            }
            var live = vif.BgpPeers.Where(IsLive).ToList();
            var keeps = new List<PlannedChange>();
            var pending = new List<PlannedChange>();
            var matched = new HashSet<DxBgpPeer>();
            foreach (var row in vifRows)
            {
                var peer = Match(row, live.Where(p => !matched.Contains(p)).ToList());
                if (peer is not null) matched.Add(peer);
                var change = ForRow(row, peer, options);
                (change.Action == BgpPeerChangeAction.Keep ? keeps : pending).Add(change);
            }
            foreach (var peer in live.Where(p => !matched.Contains(p)))
            {
                if (!options.RemoveUnlisted || protectedKeys.Contains(vifId + "|" + Family(peer.AddressFamily) + "|" + peer.Asn.ToString(CultureInfo.InvariantCulture))) continue;
                removals++;
                if (options.WithholdRemovalsBecause is not null) continue;
                var change = NewChange(BgpPeerChangeAction.Remove, options, vifId, peer.AddressFamily ?? AddressFamily.IPv4, peer.Asn, peer.CustomerAddress);
                change.PeerId = peer.BgpPeerId;
                change.Peer = peer;
                change.Reason = "in no row (-RemoveUnlisted)";
                pending.Add(new PlannedChange(change) { DxExisting = peer });
            }
            changes.AddRange(keeps);
            if (pending.Count == 0) continue;
            var redundancy = !string.IsNullOrEmpty(vif.ConnectionId) && logicalRedundancy.TryGetValue(vif.ConnectionId!, out var lr) ? lr : null;
            var scheduled = Schedule(vif, live, pending, redundancy, out var blocked);
            if (blocked.Count == 0)
            {
                changes.AddRange(scheduled);
                continue;
            }
            var others = pending.Count - blocked.Count;
            var note = others == 0 ? string.Empty :
                " So that nothing on " + vifId + " is half-done, the " + others + " other change(s) planned for it are not made either: " +
                string.Join("; ", pending.Where(c => !blocked.Any(b => ReferenceEquals(b.Change, c))).Select(c => c.Change.ToString())) + ".";
            foreach (var (change, rule, message) in blocked) refusals.Add(rule.For(message + note, change.Change));
        }
        if (removals > 0 && options.WithholdRemovalsBecause is string why)
        {
            var scope = string.Join(", ", order.Where(byId.ContainsKey));
            refusals.Add(ErrorCatalogue.RemovalsWithheld.For(
                "-RemoveUnlisted removed none of the " + removals + " peer(s) that no row names on " + scope + ": " + why + " Correct the refused rows and run the sync again.", scope));
        }
        return new SyncPlan(changes, refusals);
    }

    /// <summary>A live peer: not deleting or deleted (those are history).</summary>
    public static bool IsLive(DxBgpPeer peer) => peer.State is not (DxBgpPeerState.Deleting or DxBgpPeerState.Deleted);

    /// <summary>The live peer a row names: same family and ASN, and (when the row names one) the same customer address.</summary>
    internal static DxBgpPeer? Match(DxSyncRow row, IReadOnlyList<DxBgpPeer> live) =>
        live.FirstOrDefault(p => p.AddressFamily == row.AddressFamily && p.Asn == row.Asn
            && (string.IsNullOrEmpty(row.CustomerAddress) || DirectConnectRules.SameCidr(p.CustomerAddress, row.CustomerAddress)));

    private static PlannedChange ForRow(DxSyncRow row, DxBgpPeer? peer, SyncOptions options)
    {
        var change = NewChange(BgpPeerChangeAction.Create, options, row.VirtualInterfaceId, row.AddressFamily, row.Asn, row.CustomerAddress);
        if (peer is null)
        {
            change.Reason = "no such peer";
            return new PlannedChange(change) { DxCreate = row.Request };
        }
        change.PeerId = peer.BgpPeerId;
        change.Peer = peer;
        change.CustomerAddress = peer.CustomerAddress;
        var differences = new List<string>();
        var keyUnread = false;
        if (row.Request.AuthKey is MaskedString key)
        {
            if (peer.AuthKey is null) keyUnread = true;
            else if (!string.Equals(peer.AuthKey.Reveal(), key.Reveal(), StringComparison.Ordinal)) differences.Add("AuthKey differs");
        }
        if (!string.IsNullOrEmpty(row.AmazonAddress) && !DirectConnectRules.SameCidr(peer.AmazonAddress, row.AmazonAddress))
            differences.Add("AmazonAddress " + (peer.AmazonAddress ?? "(none)") + " → " + row.AmazonAddress);
        if (differences.Count == 0)
        {
            change.Action = BgpPeerChangeAction.Keep;
            change.Reason = keyUnread ? "matches the row (AWS listed no auth key for the peer, so the keys were not compared)" : "matches the row";
            return new PlannedChange(change) { DxExisting = peer };
        }
        change.Action = BgpPeerChangeAction.Replace;
        change.ReplacedPeerId = peer.BgpPeerId;
        change.Reason = string.Join(", ", differences) + "; replaced (delete and create)";
        return new PlannedChange(change) { DxExisting = peer, DxCreate = ReplacementOf(row, peer) };
    }

    /// <summary>
    /// The create of a Replace: the row, pinned to the old peer's customer address (so the new peer is found in
    /// AWS's answer by it) when the row names none and AWS had assigned the old one.
    /// </summary>
    private static NewDxBgpPeerRequest ReplacementOf(DxSyncRow row, DxBgpPeer peer)
    {
        if (!string.IsNullOrEmpty(row.CustomerAddress) || row.AddressFamily == AddressFamily.IPv6 || string.IsNullOrEmpty(peer.AmazonAddress)) return row.Request;
        return new NewDxBgpPeerRequest
        {
            VirtualInterfaceId = row.Request.VirtualInterfaceId,
            AddressFamily = row.Request.AddressFamily,
            Asn = row.Request.Asn,
            AsnLong = row.Request.AsnLong,
            AuthKey = row.Request.AuthKey,
            AmazonAddress = peer.AmazonAddress,
            CustomerAddress = peer.CustomerAddress,
        };
    }

    /// <summary>One interface's live peers as the plan goes: what each step would leave.</summary>
    private sealed class Slot
    {
        public Slot(string? id, AddressFamily? family, long asn, string? customerAddress)
        {
            Id = id;
            Family = family;
            Asn = asn;
            CustomerAddress = customerAddress;
        }

        /// <summary>The peer's ID; null for one the plan creates.</summary>
        public string? Id { get; }

        public AddressFamily? Family { get; }

        public long Asn { get; }

        public string? CustomerAddress { get; }
    }

    /// <summary>
    /// Orders one interface's changes so that every step keeps Direct Connect's rules, or says which cannot be made:
    /// in rounds, the creates that fit now, then the replaces whose delete leaves a peer and whose create then fits,
    /// then the removals that leave a peer, until a round changes nothing.
    /// </summary>
    private static List<PlannedChange> Schedule(DxVirtualInterface vif, List<DxBgpPeer> live, List<PlannedChange> pending, bool? redundancy,
        out List<(PlannedChange Change, ErrorDefinition Rule, string Message)> blocked)
    {
        var slots = live.Select(p => new Slot(p.BgpPeerId, p.AddressFamily, p.Asn, p.CustomerAddress)).ToList();
        var ordered = new List<PlannedChange>();
        var left = pending.ToList();
        var state = (vif.VirtualInterfaceState ?? string.Empty).ToLowerInvariant();
        var closed = state is "deleting" or "deleted" or "rejected";
        var limit = redundancy == true ? MaxPeersPerFamily : 1;
        bool progress;
        do
        {
            progress = false;
            foreach (var c in left.Where(c => c.Action == BgpPeerChangeAction.Create).ToList())
            {
                if (closed || WhyNot(c.DxCreate!, slots, limit) is not null) continue;
                slots.Add(SlotOf(c.DxCreate!));
                ordered.Add(c);
                left.Remove(c);
                progress = true;
            }
            foreach (var r in left.Where(c => c.Action == BgpPeerChangeAction.Replace).ToList())
            {
                if (closed || slots.Count < 2) continue;
                var after = slots.Where(s => s.Id != r.DxExisting!.BgpPeerId).ToList();
                if (WhyNot(r.DxCreate!, after, limit) is not null) continue;
                after.Add(SlotOf(r.DxCreate!));
                slots = after;
                ordered.Add(r);
                left.Remove(r);
                progress = true;
            }
            foreach (var d in left.Where(c => c.Action == BgpPeerChangeAction.Remove).ToList())
            {
                if (slots.Count < 2) continue;
                slots.RemoveAll(s => s.Id == d.DxExisting!.BgpPeerId);
                ordered.Add(d);
                left.Remove(d);
                progress = true;
            }
        }
        while (progress && left.Count > 0);

        blocked = new List<(PlannedChange, ErrorDefinition, string)>();
        foreach (var c in left)
        {
            var where = vif.VirtualInterfaceId;
            if (c.Action != BgpPeerChangeAction.Remove && closed)
            {
                blocked.Add((c, ErrorCatalogue.IncorrectState, "Virtual interface " + where + " is " + state + ", so it takes no new BGP peer: the " + c.Change + " cannot be made."));
                continue;
            }
            if (c.Action != BgpPeerChangeAction.Create && slots.Count < 2)
            {
                blocked.Add((c, ErrorCatalogue.LastBgpPeer, c.DxExisting!.BgpPeerId + " is the last BGP peer on " + where + ", and Direct Connect cannot delete an interface's last peer, so the " +
                    c.Change + " cannot be made" + (c.Action == BgpPeerChangeAction.Replace ? " (a replace deletes the peer first: one family and ASN cannot have two peers at once)" : string.Empty) +
                    ". Add a row for another peer on the interface, or delete the virtual interface itself."));
                continue;
            }
            var request = c.DxCreate!;
            var against = c.Action == BgpPeerChangeAction.Replace ? slots.Where(s => s.Id != c.DxExisting!.BgpPeerId).ToList() : slots;
            var why = WhyNot(request, against, limit)!.Value;
            var message = why.Rule == ErrorCatalogue.PeerFamilyFull
                ? why.Message + (redundancy == true
                    ? " Even with logical redundancy an interface takes one primary and one secondary peer per address family."
                    : " Connection " + (vif.ConnectionId ?? "(unknown)") + (redundancy is null ? " did not say whether it has logical redundancy, so it is taken to have none" : " has no logical redundancy") +
                      ", so the interface takes one peer per address family.") + " Remove the other peer first (-RemoveUnlisted, or Remove-DxBgpPeer), if it is not the interface's last."
                : why.Message;
            blocked.Add((c, why.Rule, message + " So the " + c.Change + " cannot be made."));
        }
        return ordered;
    }

    /// <summary>Why a create would be refused next to these peers, or null when it would not.</summary>
    private static (ErrorDefinition Rule, string Message)? WhyNot(NewDxBgpPeerRequest create, List<Slot> slots, int limit)
    {
        var family = slots.Where(s => s.Family == create.AddressFamily).ToList();
        var sameAsn = family.FirstOrDefault(s => s.Asn == create.EffectiveAsn);
        if (sameAsn is not null)
            return (ErrorCatalogue.DuplicatePeer, create.VirtualInterfaceId + " has the " + Family(create.AddressFamily) + " peer " + (sameAsn.Id ?? "(planned)") + " with ASN " + Asn(create.EffectiveAsn) +
                (sameAsn.CustomerAddress is null ? string.Empty : " at " + sameAsn.CustomerAddress) + ", and one family cannot have two peers with one ASN.");
        if (!string.IsNullOrEmpty(create.CustomerAddress))
        {
            var clash = slots.FirstOrDefault(s => DirectConnectRules.SameCidr(s.CustomerAddress, create.CustomerAddress));
            if (clash is not null)
                return (ErrorCatalogue.DuplicateAddress, create.VirtualInterfaceId + " has the peer " + (clash.Id ?? "(planned)") + " at the customer address " + create.CustomerAddress + ".");
        }
        if (family.Count >= limit)
            return (ErrorCatalogue.PeerFamilyFull, create.VirtualInterfaceId + " has " + family.Count + " " + Family(create.AddressFamily) + " peer(s) (" + string.Join(", ", family.Select(s => s.Id ?? "(planned)")) + ").");
        return null;
    }

    private static Slot SlotOf(NewDxBgpPeerRequest r) => new(null, r.AddressFamily, r.EffectiveAsn ?? 0, r.CustomerAddress);

    private static string Key(DxSyncRow row) => row.VirtualInterfaceId + "|" + Family(row.AddressFamily) + "|" + Asn(row.Asn);

    private static string Family(AddressFamily? family) => family == AddressFamily.IPv6 ? "IPv6" : "IPv4";

    private static string Asn(long? asn) => asn is long a ? a.ToString(CultureInfo.InvariantCulture) : "(none)";

    private static BgpPeerChange NewChange(BgpPeerChangeAction action, SyncOptions options, string vifId, AddressFamily family, long? asn, string? customerAddress) => new()
    {
        Action = action,
        Kind = BgpPeerKind.DirectConnect,
        VirtualInterfaceId = vifId,
        AddressFamily = family,
        Asn = asn,
        CustomerAddress = customerAddress,
        Region = options.Region,
        EndpointUrl = options.EndpointUrl,
    };
}
