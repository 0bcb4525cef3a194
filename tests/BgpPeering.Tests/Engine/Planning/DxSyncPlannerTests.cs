using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Planning;
using Xunit;

namespace BgpPeering.Tests.Engine.Planning;

/// <summary>
/// Sync-DxBgpPeer's planner, pure: what a row names (interface, family, ASN, customer address), Keep/Create/Replace/
/// Remove, a different auth key (said, never shown), and Direct Connect's rules deciding the order and what is
/// possible: the last peer of an interface, one peer per family without logical redundancy (two with it), one ASN
/// per family, one customer address, a closed interface. Where no order keeps the rules, nothing of that interface is
/// planned and each change that cannot be made has one error naming its rule.
/// </summary>
public sealed class DxSyncPlannerTests
{
    private const string Vif = "dxvif-ffabc123";
    private const string Other = "dxvif-fgt4k8wq";
    private const string Con = "dxcon-fguhmqlc";
    private const string Key = "0xC_ukbCerl6EYA0example";

    private static DxSyncRow Row(AddressFamily family, long asn, string? customer = null, string? amazon = null, string? key = null, string vif = Vif) =>
        new(DirectConnectRules.BuildCreate(vif, family, asn, key, amazon, customer));

    private static DxSyncRow V4(long asn, int host, string? key = null, string vif = Vif) =>
        Row(AddressFamily.IPv4, asn, "169.254.255." + host + "/30", "169.254.255." + (host - 1) + "/30", key, vif);

    private static int s_next;

    private static DxBgpPeer Peer(AddressFamily family, long asn, string? customer, string? amazon = null, string key = Key, DxBgpPeerState state = DxBgpPeerState.Available, string vif = Vif) => new()
    {
        BgpPeerId = "dxpeer-" + Interlocked.Increment(ref s_next).ToString("x8"),
        VirtualInterfaceId = vif,
        AddressFamily = family,
        Asn = asn,
        CustomerAddress = customer,
        AmazonAddress = amazon,
        AuthKey = new MaskedString(key),
        State = state,
        Region = "us-east-1",
    };

    private static DxBgpPeer P4(long asn, int host, string key = Key, DxBgpPeerState state = DxBgpPeerState.Available, string vif = Vif) =>
        Peer(AddressFamily.IPv4, asn, "169.254.255." + host + "/30", "169.254.255." + (host - 1) + "/30", key, state, vif);

    private static DxBgpPeer P6(long asn, DxBgpPeerState state = DxBgpPeerState.Available) => Peer(AddressFamily.IPv6, asn, "2001:db8:1100:2f0::2/125", "2001:db8:1100:2f0::1/125", state: state);

    private static DxVirtualInterface Interface(string id, string state, params DxBgpPeer[] peers) => new()
    {
        VirtualInterfaceId = id,
        ConnectionId = Con,
        VirtualInterfaceState = state,
        BgpPeers = peers,
    };

    private static SyncPlan Plan(IEnumerable<DxSyncRow> rows, DxBgpPeer[] peers, bool? redundancy = false, bool removeUnlisted = false, string state = "available", string? withhold = null) =>
        DxSyncPlanner.Plan(rows.ToList(), [Interface(Vif, state, peers)], new Dictionary<string, bool?> { [Con] = redundancy },
            new SyncOptions { RemoveUnlisted = removeUnlisted, WithholdRemovalsBecause = withhold, Region = "us-east-1" });

    private static string[] Steps(SyncPlan plan) => plan.Changes.Select(c => c.Action + " " + c.Change.Describe()).ToArray();

    [Fact]
    public void A_peer_with_the_rows_interface_family_ASN_and_customer_address_is_a_Keep()
    {
        var peer = P4(65000, 2);
        var plan = Plan([V4(65000, 2, Key)], [peer]);
        Assert.Empty(plan.Refusals);
        var c = Assert.Single(plan.Changes);
        Assert.Equal(BgpPeerChangeAction.Keep, c.Action);
        Assert.Same(peer, c.DxExisting);
        Assert.Equal(peer.BgpPeerId, c.Change.PeerId);
        Assert.Equal((Vif, (AddressFamily?)AddressFamily.IPv4, (long?)65000, "169.254.255.2/30"), (c.Change.VirtualInterfaceId, c.Change.AddressFamily, c.Change.Asn, c.Change.CustomerAddress));
        Assert.Equal(BgpPeerKind.DirectConnect, c.Change.Kind);
    }

    [Fact]
    public void A_row_without_addresses_is_known_by_interface_family_and_ASN_and_shows_the_address_AWS_assigned()
    {
        var v6 = P6(65000);
        var v4 = P4(65000, 2);
        var plan = Plan([Row(AddressFamily.IPv6, 65000), Row(AddressFamily.IPv4, 65000)], [v4, v6]);
        Assert.Equal(["Keep IPv6 AS65000 2001:db8:1100:2f0::2/125", "Keep IPv4 AS65000 169.254.255.2/30"], Steps(plan));
    }

    [Fact]
    public void A_different_auth_key_is_a_Replace_whose_reason_never_holds_either_key()
    {
        var peer = P4(65000, 2);
        var plan = Plan([V4(65000, 2, "another-secret-key"), Row(AddressFamily.IPv6, 65000)], [peer, P6(65000)]);
        Assert.Empty(plan.Refusals);
        var replace = plan.Changes.Single(c => c.Action == BgpPeerChangeAction.Replace);
        Assert.Equal("AuthKey differs; replaced (delete and create)", replace.Change.Reason);
        Assert.DoesNotContain(Key, replace.Change.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret-key", replace.Change.ToString(), StringComparison.Ordinal);
        Assert.Equal(peer.BgpPeerId, replace.Change.ReplacedPeerId);
        Assert.Same(peer, replace.DxExisting);
        Assert.Equal("another-secret-key", replace.DxCreate!.AuthKey!.Reveal());
        Assert.True(replace.High);
    }

    [Fact]
    public void A_row_that_names_no_key_leaves_the_key_alone_and_one_AWS_did_not_list_is_not_compared()
    {
        Assert.Equal([BgpPeerChangeAction.Keep], Plan([V4(65000, 2)], [P4(65000, 2, "whatever-key")]).Changes.Select(c => c.Action));
        var unread = P4(65000, 2);
        unread.AuthKey = null;
        var c = Assert.Single(Plan([V4(65000, 2, "another-secret-key")], [unread]).Changes);
        Assert.Equal(BgpPeerChangeAction.Keep, c.Action);
        Assert.Contains("not compared", c.Change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_Amazon_address_is_a_Replace_and_a_Replace_of_an_assigned_address_keeps_it()
    {
        var wide = Peer(AddressFamily.IPv4, 65000, "169.254.255.2/29", "169.254.255.1/29");
        var other = Assert.Single(Plan([Row(AddressFamily.IPv4, 65000, "169.254.255.2/29", "169.254.255.3/29")], [wide, P6(65000)]).Changes, c => c.Action == BgpPeerChangeAction.Replace);
        Assert.Equal("AmazonAddress 169.254.255.1/29 → 169.254.255.3/29; replaced (delete and create)", other.Change.Reason);
        var peer = P4(65000, 2);
        var keyOnly = Assert.Single(Plan([Row(AddressFamily.IPv4, 65000, key: "another-secret-key")], [peer, P6(65000)]).Changes, c => c.Action == BgpPeerChangeAction.Replace);
        Assert.Equal(("169.254.255.1/30", "169.254.255.2/30"), (keyOnly.DxCreate!.AmazonAddress, keyOnly.DxCreate.CustomerAddress));
    }

    [Fact]
    public void A_Create_fits_in_a_family_the_interface_does_not_have_yet()
    {
        var plan = Plan([V4(65000, 2), Row(AddressFamily.IPv6, 65001)], [P4(65000, 2)]);
        Assert.Empty(plan.Refusals);
        Assert.Equal(["Keep IPv4 AS65000 169.254.255.2/30", "Create IPv6 AS65001"], Steps(plan));
        Assert.Equal("no such peer", plan.Changes[1].Change.Reason);
        Assert.Null(plan.Changes[1].Change.PeerId);
    }

    [Fact]
    public void Without_logical_redundancy_a_second_peer_of_a_family_is_PeerFamilyFull_and_nothing_of_the_interface_is_planned()
    {
        var plan = Plan([V4(65000, 2), V4(65001, 6), Row(AddressFamily.IPv6, 65002)], [P4(65000, 2)]);
        Assert.Equal(["Keep IPv4 AS65000 169.254.255.2/30"], Steps(plan));
        var e = Assert.Single(plan.Refusals);
        Assert.Equal("PeerFamilyFull", e.ErrorId);
        Assert.Equal("Create BGP peer IPv4 AS65001 169.254.255.6/30 on " + Vif, e.Target!.ToString());
        Assert.Contains("has no logical redundancy", e.Exception.Message, StringComparison.Ordinal);
        // The IPv6 create could be made, but is not: the interface is all or nothing.
        Assert.Contains("the 1 other change(s) planned for it are not made either: Create BGP peer IPv6 AS65002 on " + Vif, e.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_logical_redundancy_a_second_peer_of_a_family_fits_and_a_third_does_not()
    {
        Assert.Equal(["Keep IPv4 AS65000 169.254.255.2/30", "Create IPv4 AS65001 169.254.255.6/30"],
            Steps(Plan([V4(65000, 2), V4(65001, 6)], [P4(65000, 2)], redundancy: true)));
        var full = Plan([V4(65000, 2), V4(65001, 6), V4(65002, 10)], [P4(65000, 2)], redundancy: true);
        Assert.Equal("PeerFamilyFull", Assert.Single(full.Refusals).ErrorId);
        Assert.Contains("Even with logical redundancy", full.Refusals[0].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_logical_redundancy_is_taken_as_none_and_says_so()
    {
        var plan = Plan([V4(65000, 2), V4(65001, 6)], [P4(65000, 2)], redundancy: null);
        Assert.Contains("did not say whether it has logical redundancy", Assert.Single(plan.Refusals).Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_peer_of_an_interface_cannot_be_removed_so_a_create_that_needs_its_family_cannot_be_made_either()
    {
        var only = P4(65000, 2);
        var plan = Plan([V4(65001, 6)], [only], removeUnlisted: true);
        Assert.Empty(plan.Changes);
        Assert.Equal(["PeerFamilyFull", "LastBgpPeer"], plan.Refusals.Select(r => r.ErrorId));
        Assert.Equal("Remove BGP peer IPv4 AS65000 169.254.255.2/30 on " + Vif, plan.Refusals[1].Target!.ToString());
        Assert.Contains("Direct Connect cannot delete an interface's last peer", plan.Refusals[1].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_create_of_another_family_comes_first_so_that_the_old_peer_is_no_longer_the_last()
    {
        var only = P4(65000, 2);
        Assert.Equal(["Create IPv6 AS65000", "Remove IPv4 AS65000 169.254.255.2/30"], Steps(Plan([Row(AddressFamily.IPv6, 65000)], [only], removeUnlisted: true)));
    }

    [Fact]
    public void An_interface_no_row_names_is_never_touched()
    {
        var plan = DxSyncPlanner.Plan([Row(AddressFamily.IPv6, 65000, vif: Other)],
            [Interface(Vif, "available", P4(65000, 2), P6(65000)), Interface(Other, "available", P6(65000))], new Dictionary<string, bool?>(), new SyncOptions { RemoveUnlisted = true });
        Assert.Empty(plan.Refusals);
        Assert.All(plan.Changes, c => Assert.Equal(Other, c.Change.VirtualInterfaceId));
    }

    [Fact]
    public void Removals_and_creates_interleave_so_that_the_interface_always_keeps_a_peer()
    {
        var plan = Plan([Row(AddressFamily.IPv4, 65001)], [P4(65000, 2), P6(65000)], removeUnlisted: true, redundancy: false);
        Assert.Empty(plan.Refusals);
        Assert.Equal(["Remove IPv4 AS65000 169.254.255.2/30", "Create IPv4 AS65001", "Remove IPv6 AS65000 2001:db8:1100:2f0::2/125"], Steps(plan));
    }

    [Fact]
    public void A_Replace_of_the_only_peer_is_LastBgpPeer_and_an_added_peer_makes_it_possible()
    {
        var only = P4(65000, 2);
        var blocked = Plan([V4(65000, 2, "another-secret-key")], [only]);
        Assert.Empty(blocked.Changes);
        var e = Assert.Single(blocked.Refusals);
        Assert.Equal("LastBgpPeer", e.ErrorId);
        Assert.Contains(only.BgpPeerId + " is the last BGP peer on " + Vif, e.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret-key", e.Exception.Message, StringComparison.Ordinal);

        var helped = Plan([V4(65000, 2, "another-secret-key"), Row(AddressFamily.IPv6, 65000)], [only]);
        Assert.Empty(helped.Refusals);
        Assert.Equal(["Create IPv6 AS65000", "Replace IPv4 AS65000 169.254.255.2/30"], Steps(helped));
    }

    [Fact]
    public void A_new_customer_address_for_an_existing_family_and_ASN_is_a_new_peer_blocked_by_DuplicatePeer_unless_the_old_one_goes()
    {
        var old = P4(65000, 2);
        var stays = Plan([V4(65000, 6), Row(AddressFamily.IPv6, 65000)], [old, P6(65000)], redundancy: true);
        Assert.Equal("DuplicatePeer", Assert.Single(stays.Refusals).ErrorId);
        Assert.Contains("one family cannot have two peers with one ASN", stays.Refusals[0].Exception.Message, StringComparison.Ordinal);
        var goes = Plan([V4(65000, 6), Row(AddressFamily.IPv6, 65000)], [old, P6(65000)], removeUnlisted: true);
        Assert.Empty(goes.Refusals);
        Assert.Equal(["Keep IPv6 AS65000 2001:db8:1100:2f0::2/125", "Remove IPv4 AS65000 169.254.255.2/30", "Create IPv4 AS65000 169.254.255.6/30"], Steps(goes));
    }

    [Fact]
    public void A_customer_address_in_use_is_DuplicateAddress()
    {
        var plan = Plan([V4(65001, 2), V4(65000, 2)], [P4(65000, 2)], redundancy: true);
        // Two rows for one address but different ASNs: the second row's peer exists (Keep), the first collides.
        Assert.Equal("DuplicateAddress", Assert.Single(plan.Refusals).ErrorId);
    }

    [Theory]
    [InlineData("deleting")]
    [InlineData("deleted")]
    [InlineData("rejected")]
    public void A_closed_interface_takes_no_new_peer(string state)
    {
        var plan = Plan([Row(AddressFamily.IPv6, 65000)], [P4(65000, 2)], state: state);
        Assert.DoesNotContain(plan.Changes, c => c.Action != BgpPeerChangeAction.Keep);
        Assert.Equal("IncorrectState", Assert.Single(plan.Refusals).ErrorId);
    }

    [Fact]
    public void Deleting_peers_are_history_they_free_their_family_and_are_never_removed()
    {
        var going = P4(65000, 2, state: DxBgpPeerState.Deleting);
        var plan = Plan([V4(65001, 6)], [going, P6(65000)], removeUnlisted: true);
        Assert.Empty(plan.Refusals);
        Assert.Equal(["Create IPv4 AS65001 169.254.255.6/30", "Remove IPv6 AS65000 2001:db8:1100:2f0::2/125"], Steps(plan));
    }

    [Fact]
    public void Rows_for_one_interface_family_and_ASN_twice_are_one_DuplicateRow_and_protect_the_peer()
    {
        var peer = P4(65000, 2);
        var plan = Plan([V4(65000, 2), V4(65000, 6), Row(AddressFamily.IPv6, 65000)], [peer, P6(65000)], removeUnlisted: true);
        Assert.Equal(["Keep IPv6 AS65000 2001:db8:1100:2f0::2/125"], Steps(plan));
        var e = Assert.Single(plan.Refusals);
        Assert.Equal("DuplicateRow", e.ErrorId);
        Assert.Contains("2 rows name the IPv4 peer with ASN 65000 on " + Vif + " (169.254.255.2/30; 169.254.255.6/30)", e.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_on_an_unknown_interface_is_ObjectNotFound_and_removals_can_be_withheld()
    {
        var lost = Row(AddressFamily.IPv6, 65000, vif: "dxvif-zzzzzzzz");
        var plan = Plan([lost, V4(65000, 2)], [P4(65000, 2), P6(65000)], removeUnlisted: true, withhold: "a row was refused.");
        Assert.Equal(["Keep IPv4 AS65000 169.254.255.2/30"], Steps(plan));
        Assert.Equal(["ObjectNotFound", "RemovalsWithheld"], plan.Refusals.Select(r => r.ErrorId));
        Assert.Same(lost, plan.Refusals[0].Target);
    }

    [Fact]
    public void The_logical_redundancy_flag_is_read_only_where_a_second_peer_of_a_family_is_planned()
    {
        var vif = Interface(Vif, "available", P4(65000, 2));
        Assert.Empty(DxSyncPlanner.ConnectionsToRead([V4(65000, 2), Row(AddressFamily.IPv6, 65000)], [vif]));
        Assert.Equal([Con], DxSyncPlanner.ConnectionsToRead([V4(65001, 6)], [vif]));
        Assert.Equal([Con], DxSyncPlanner.ConnectionsToRead([Row(AddressFamily.IPv6, 1), Row(AddressFamily.IPv6, 2)], [vif]));
    }
}
