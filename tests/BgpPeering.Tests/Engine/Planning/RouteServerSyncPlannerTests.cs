using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Planning;
using Xunit;

namespace BgpPeering.Tests.Engine.Planning;

/// <summary>
/// Sync-RouteServerPeer's planner, pure: rows and listed peers in, ordered changes and row errors out. Every action
/// (Create, Keep, Update, Replace, Remove), what decides it (ASN, liveness, failed state, tags managed or not,
/// history), what is never touched (unlisted peers without -RemoveUnlisted, endpoints no row names, duplicate keys),
/// the order, and the reasons.
/// </summary>
public sealed class RouteServerSyncPlannerTests
{
    private const string A = "rse-0123456789abcdef0";
    private const string B = "rse-0fedcba9876543210";
    private const string C = "rse-0aaaaaaaaaaaaaaa0";

    private static RouteServerSyncRow Row(string endpoint, string address, long asn, PeerLivenessDetection? liveness = null, string? tags = null) =>
        new(RouteServerRules.BuildCreate(endpoint, address, asn, liveness, tags is null ? null : RouteServerRules.ParseTagText(tags)), !string.IsNullOrEmpty(tags));

    private static int s_next;

    private static RouteServerPeer Peer(string endpoint, string address, long asn, RouteServerState state = RouteServerState.Available,
        PeerLivenessDetection liveness = PeerLivenessDetection.BgpKeepalive, string? tags = null, string? failure = null) => new()
    {
        RouteServerPeerId = "rsp-" + (Interlocked.Increment(ref s_next)).ToString("x17"),
        RouteServerEndpointId = endpoint,
        PeerAddress = address,
        PeerAsn = asn,
        State = state,
        PeerLivenessDetection = liveness,
        FailureReason = failure,
        Tags = Tags.From(tags is null ? [] : RouteServerRules.ParseTagText(tags)),
        Region = "us-east-1",
    };

    private static RouteServerEndpoint Endpoint(string id, RouteServerState state = RouteServerState.Available) => new() { RouteServerEndpointId = id, State = state };

    private static SyncPlan Plan(IEnumerable<RouteServerSyncRow> rows, IEnumerable<RouteServerPeer> peers, bool removeUnlisted = false, string? withhold = null, string[]? found = null,
        RouteServerEndpoint[]? endpoints = null) =>
        RouteServerSyncPlanner.Plan(rows.ToList(), endpoints ?? (found ?? [A, B]).Select(id => Endpoint(id)).ToArray(), peers.ToList(),
            new SyncOptions { RemoveUnlisted = removeUnlisted, WithholdRemovalsBecause = withhold, Region = "us-east-1", EndpointUrl = "http://127.0.0.1:1" });

    private static PlannedChange Single(SyncPlan plan)
    {
        Assert.Empty(plan.Refusals);
        return Assert.Single(plan.Changes);
    }

    [Fact]
    public void A_row_with_no_peer_at_its_address_is_a_Create_of_exactly_the_row()
    {
        var row = Row(A, "10.0.1.10", 65001, PeerLivenessDetection.Bfd, "Name=fw-a;env=prod");
        var c = Single(Plan([row], [Peer(A, "10.0.1.11", 65001)]));
        Assert.Equal(BgpPeerChangeAction.Create, c.Action);
        Assert.Same(row.Request, c.Create);
        Assert.Null(c.Existing);
        Assert.Null(c.Change.PeerId);
        Assert.Null(c.Change.Peer);
        Assert.False(c.Change.Applied);
        Assert.False(c.High);
        Assert.Equal("no peer at this address", c.Change.Reason);
        Assert.Equal((A, "10.0.1.10", 65001L), (c.Change.RouteServerEndpointId, c.Change.PeerAddress, c.Change.PeerAsn));
        Assert.Equal(BgpPeerKind.RouteServer, c.Change.Kind);
        Assert.Equal(("us-east-1", "http://127.0.0.1:1"), (c.Change.Region, c.Change.EndpointUrl));
        Assert.Equal("Create peer 10.0.1.10 AS65001 on " + A, c.Change.ToString());
    }

    [Theory]
    [InlineData(null, null)]                                  // the row manages no tags
    [InlineData("Name=fw-a;env=prod", "Name=fw-a;env=prod")]  // the same tags
    [InlineData("env=prod;Name=fw-a", "Name=fw-a;env=prod")]  // in another order
    [InlineData("Name=fw-a", "Name=fw-a;aws:cloudformation:stack-name=net")] // AWS's own tags are not the row's to manage
    public void A_peer_as_the_row_says_is_a_Keep_that_sends_nothing(string? rowTags, string? peerTags)
    {
        var peer = Peer(A, "10.0.1.10", 65001, tags: peerTags ?? "Name=whatever");
        var c = Single(Plan([Row(A, "10.0.1.10", 65001, tags: rowTags)], [peer]));
        Assert.Equal(BgpPeerChangeAction.Keep, c.Action);
        Assert.Same(peer, c.Existing);
        Assert.Same(peer, c.Change.Peer);
        Assert.Equal(peer.RouteServerPeerId, c.Change.PeerId);
        Assert.Null(c.Create);
        Assert.Empty(c.TagsToSet);
        Assert.Empty(c.TagsToDelete);
        Assert.Equal("matches the row", c.Change.Reason);
        Assert.True(c.Kept(true).Applied);
        Assert.False(c.Kept(false).Applied);
        Assert.False(c.Change.Applied); // Kept copies
    }

    public static TheoryData<RouteServerPeer, string> Replacements => new()
    {
        { Peer(A, "10.0.1.10", 65011), "PeerAsn 65011 → 65001; replaced (delete and create)" },
        { Peer(A, "10.0.1.10", 65001, liveness: PeerLivenessDetection.Bfd), "PeerLivenessDetection Bfd → BgpKeepalive; replaced (delete and create)" },
        { Peer(A, "10.0.1.10", 65001, RouteServerState.Failed, failure: "The peer address is not reachable."), "state Failed (The peer address is not reachable.); replaced (delete and create)" },
        { Peer(A, "10.0.1.10", 65001, RouteServerState.Failing), "state Failing; replaced (delete and create)" },
        { Peer(A, "10.0.1.10", 65001, RouteServerState.DeleteFailed), "state DeleteFailed; replaced (delete and create)" },
        { Peer(A, "10.0.1.10", 4200000001, liveness: PeerLivenessDetection.Bfd), "PeerAsn 4200000001 → 65001, PeerLivenessDetection Bfd → BgpKeepalive; replaced (delete and create)" },
    };

    [Theory]
    [MemberData(nameof(Replacements))]
    public void What_AWS_cannot_modify_is_a_Replace_of_the_old_peer_with_the_row(RouteServerPeer peer, string reason)
    {
        var c = Single(Plan([Row(A, "10.0.1.10", 65001)], [peer]));
        Assert.Equal(BgpPeerChangeAction.Replace, c.Action);
        Assert.True(c.High);
        Assert.Equal(reason, c.Change.Reason);
        Assert.Same(peer, c.Existing);
        Assert.Equal(peer.RouteServerPeerId, c.Change.ReplacedPeerId);
        Assert.Equal((A, "10.0.1.10", (long?)65001), (c.Create!.RouteServerEndpointId, c.Create.PeerAddress, c.Create.PeerAsn));
        Assert.Equal(PeerLivenessDetection.BgpKeepalive, c.Create.PeerLivenessDetection ?? PeerLivenessDetection.BgpKeepalive);
        Assert.Equal(65001, c.Change.PeerAsn);
    }

    [Fact]
    public void A_Replace_keeps_the_old_peers_own_tags_when_the_row_names_none_and_takes_the_rows_when_it_does()
    {
        var tagged = Peer(A, "10.0.1.10", 65011, tags: "Name=fw-a;aws:created-by=x");
        var unmanaged = Single(Plan([Row(A, "10.0.1.10", 65001)], [tagged]));
        Assert.Equal(["Name=fw-a"], unmanaged.Create!.Tags.Select(t => t.Key + "=" + t.Value));
        var managed = Single(Plan([Row(A, "10.0.1.10", 65001, tags: "Name=fw-new")], [tagged]));
        Assert.Equal(["Name=fw-new"], managed.Create!.Tags.Select(t => t.Key + "=" + t.Value));
        Assert.Equal("PeerAsn 65011 → 65001, Tags: Name fw-a → fw-new; replaced (delete and create)", managed.Change.Reason);
    }

    [Fact]
    public void Differing_tags_alone_are_an_Update_with_CreateTags_and_DeleteTags_never_a_Replace()
    {
        var peer = Peer(A, "10.0.1.10", 65001, tags: "Name=fw-a;env=dev;old=1;aws:cloudformation:stack-id=s");
        var c = Single(Plan([Row(A, "10.0.1.10", 65001, tags: "Name=fw-a;env=prod;owner=neteng")], [peer]));
        Assert.Equal(BgpPeerChangeAction.Update, c.Action);
        Assert.False(c.High);
        Assert.Equal(["env=prod", "owner=neteng"], c.TagsToSet.Select(t => t.Key + "=" + t.Value));
        Assert.Equal(["old"], c.TagsToDelete);
        Assert.Null(c.Create);
        Assert.Same(peer, c.Existing);
        Assert.Equal("Tags: env dev → prod, +owner=neteng, -old", c.Change.Reason);
    }

    [Fact]
    public void An_empty_tag_value_is_a_value_and_shows_quoted()
    {
        var c = Single(Plan([Row(A, "10.0.1.10", 65001, tags: "Name=")], [Peer(A, "10.0.1.10", 65001, tags: "Name=fw")]));
        Assert.Equal(BgpPeerChangeAction.Update, c.Action);
        Assert.Equal("Tags: Name fw → ''", c.Change.Reason);
    }

    [Theory]
    [InlineData(RouteServerState.Deleting)]
    [InlineData(RouteServerState.Deleted)]
    public void Peers_deleting_or_deleted_are_history_never_kept_nor_removed(RouteServerState state)
    {
        var gone = Peer(A, "10.0.1.10", 65001, state);
        var c = Single(Plan([Row(A, "10.0.1.10", 65001)], [gone], removeUnlisted: true));
        Assert.Equal(BgpPeerChangeAction.Create, c.Action);
        var none = Plan([Row(A, "10.0.1.20", 65020)], [gone, Peer(A, "10.0.1.20", 65020)], removeUnlisted: true);
        Assert.Equal([BgpPeerChangeAction.Keep], none.Changes.Select(x => x.Action));
    }

    [Fact]
    public void An_unlisted_peer_stays_without_RemoveUnlisted_and_is_not_written()
    {
        var plan = Plan([Row(A, "10.0.1.10", 65001)], [Peer(A, "10.0.1.10", 65001), Peer(A, "10.0.1.99", 65099)]);
        Assert.Equal([BgpPeerChangeAction.Keep], plan.Changes.Select(c => c.Action));
        Assert.Empty(plan.Refusals);
    }

    [Fact]
    public void With_RemoveUnlisted_an_unlisted_peer_on_an_endpoint_in_scope_is_removed_and_other_endpoints_are_never_touched()
    {
        var unlisted = Peer(A, "10.0.1.99", 65099);
        var elsewhere = Peer(C, "10.0.3.10", 65030);
        var plan = Plan([Row(A, "10.0.1.10", 65001)], [Peer(A, "10.0.1.10", 65001), unlisted, elsewhere], removeUnlisted: true, found: [A, B, C]);
        Assert.Empty(plan.Refusals);
        Assert.Equal([BgpPeerChangeAction.Keep, BgpPeerChangeAction.Remove], plan.Changes.Select(c => c.Action));
        var remove = plan.Changes[1];
        Assert.Same(unlisted, remove.Existing);
        Assert.True(remove.High);
        Assert.Equal(unlisted.RouteServerPeerId, remove.Change.PeerId);
        Assert.Equal((A, "10.0.1.99", 65099L), (remove.Change.RouteServerEndpointId, remove.Change.PeerAddress, remove.Change.PeerAsn));
        Assert.Equal("in no row (-RemoveUnlisted)", remove.Change.Reason);
        Assert.DoesNotContain(plan.Changes, c => c.Existing == elsewhere);
    }

    [Fact]
    public void Removals_are_withheld_with_one_error_when_some_row_was_refused()
    {
        var plan = Plan([Row(A, "10.0.1.10", 65001)], [Peer(A, "10.0.1.10", 65001), Peer(A, "10.0.1.98", 1), Peer(A, "10.0.1.99", 2)],
            removeUnlisted: true, withhold: "1 row(s) of this call were refused.");
        Assert.Equal([BgpPeerChangeAction.Keep], plan.Changes.Select(c => c.Action));
        var e = Assert.Single(plan.Refusals);
        Assert.Equal("RemovalsWithheld", e.ErrorId);
        Assert.Contains("none of the 2 peer(s)", e.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("1 row(s) of this call were refused.", e.Exception.Message, StringComparison.Ordinal);
        // Nothing to remove: nothing withheld, no error.
        Assert.Empty(Plan([Row(A, "10.0.1.10", 65001)], [Peer(A, "10.0.1.10", 65001)], removeUnlisted: true, withhold: "x").Refusals);
    }

    [Fact]
    public void Rows_naming_one_peer_twice_are_one_DuplicateRow_error_none_is_synced_and_the_peer_is_protected()
    {
        var peer = Peer(A, "10.0.1.10", 65001);
        var first = Row(A, "10.0.1.10", 65001);
        var second = Row(A, "10.0.1.10", 65011, PeerLivenessDetection.Bfd);
        var plan = Plan([first, Row(A, "10.0.1.11", 65002), second], [peer], removeUnlisted: true);
        Assert.Equal([BgpPeerChangeAction.Create], plan.Changes.Select(c => c.Action));
        Assert.Equal("10.0.1.11", plan.Changes[0].Change.PeerAddress);
        var e = Assert.Single(plan.Refusals);
        Assert.Equal("DuplicateRow", e.ErrorId);
        Assert.Same(second, e.Target);
        Assert.Contains("2 rows name the peer at 10.0.1.10 on " + A + " (ASN 65001, BgpKeepalive; ASN 65011, Bfd)", e.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_on_an_endpoint_AWS_does_not_know_is_ObjectNotFound_for_that_row_alone()
    {
        var lost = Row(C, "10.0.3.10", 65030);
        var plan = Plan([Row(A, "10.0.1.10", 65001), lost], []);
        Assert.Equal([BgpPeerChangeAction.Create], plan.Changes.Select(c => c.Action));
        var e = Assert.Single(plan.Refusals);
        Assert.Equal("ObjectNotFound", e.ErrorId);
        Assert.Same(lost, e.Target);
        Assert.Contains(C, e.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_come_endpoint_by_endpoint_in_row_order_with_each_endpoints_removals_last()
    {
        var plan = Plan(
            [Row(B, "10.0.2.20", 65020), Row(A, "10.0.1.10", 65011), Row(B, "10.0.2.21", 65021), Row(A, "10.0.1.11", 65001)],
            [Peer(A, "10.0.1.10", 65001), Peer(A, "10.0.1.99", 65099), Peer(B, "10.0.2.99", 65099), Peer(B, "10.0.2.21", 65021)],
            removeUnlisted: true);
        Assert.Equal(
            ["Create 10.0.2.20", "Keep 10.0.2.21", "Remove 10.0.2.99", "Replace 10.0.1.10", "Create 10.0.1.11", "Remove 10.0.1.99"],
            plan.Changes.Select(c => c.Action + " " + c.Change.PeerAddress));
    }

    [Fact]
    public void Of_two_live_peers_at_one_address_the_matching_one_is_kept_and_the_other_is_unlisted()
    {
        var wrong = Peer(A, "10.0.1.10", 65011);
        var right = Peer(A, "10.0.1.10", 65001);
        var plan = Plan([Row(A, "10.0.1.10", 65001)], [wrong, right], removeUnlisted: true);
        Assert.Equal([BgpPeerChangeAction.Keep, BgpPeerChangeAction.Remove], plan.Changes.Select(c => c.Action));
        Assert.Same(right, plan.Changes[0].Existing);
        Assert.Same(wrong, plan.Changes[1].Existing);
    }

    [Fact]
    public void A_second_run_over_what_the_first_made_is_all_Keep()
    {
        var rows = Enumerable.Range(0, 50).Select(i => Row(i % 2 == 0 ? A : B, "10.0." + (i % 2 + 1) + "." + (10 + i), 65000 + i, i % 3 == 0 ? PeerLivenessDetection.Bfd : null, "Name=fw-" + i)).ToList();
        var made = rows.Select(r => Peer(r.RouteServerEndpointId, r.PeerAddress, r.PeerAsn!.Value, liveness: r.PeerLivenessDetection,
            tags: string.Join(";", r.Request.Tags.Select(t => t.Key + "=" + t.Value)))).ToList();
        var plan = Plan(rows, made, removeUnlisted: true);
        Assert.Empty(plan.Refusals);
        Assert.Equal(50, plan.Changes.Count);
        Assert.All(plan.Changes, c => Assert.Equal(BgpPeerChangeAction.Keep, c.Action));
    }

    [Theory]
    [InlineData(RouteServerState.Pending)]
    [InlineData(RouteServerState.Failed)]
    [InlineData(RouteServerState.Deleting)]
    public void An_endpoint_that_is_not_available_takes_no_Create_or_Replace_but_keeps_updates_and_removes(RouteServerState state)
    {
        var kept = Peer(A, "10.0.1.10", 65001);
        var replaced = Peer(A, "10.0.1.11", 65011);
        var plan = Plan([Row(A, "10.0.1.10", 65001, tags: "Name=x"), Row(A, "10.0.1.11", 65002), Row(A, "10.0.1.12", 65003)],
            [kept, replaced, Peer(A, "10.0.1.99", 65099)], removeUnlisted: true, endpoints: [Endpoint(A, state)]);
        Assert.Equal([BgpPeerChangeAction.Update, BgpPeerChangeAction.Remove], plan.Changes.Select(c => c.Action));
        Assert.Equal(["IncorrectState", "IncorrectState"], plan.Refusals.Select(e => e.ErrorId));
        Assert.Contains("(and " + replaced.RouteServerPeerId + " is left as it is)", plan.Refusals[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal("Create peer 10.0.1.12 AS65003 on " + A, plan.Refusals[1].Target!.ToString());
    }
}
