using System;
using System.Linq;
using System.Management.Automation;
using BgpPeering.Engine.Errors;
using BgpPeering.Engine.Model;
using BgpPeering.Engine.Model.Validation;
using BgpPeering.Engine.Waiting;
using BgpPeering.Internal;

namespace BgpPeering.Commands;

/// <summary>
/// <para type="synopsis">Waits until BGP sessions are up, for Route Server and Direct Connect peers together.</para>
/// <para type="description">Collects every input, then polls them together in rounds: one DescribeRouteServerPeers
/// per 1000 Route Server peers and one DescribeVirtualInterfaces per virtual interface (with -MinimumRouteCount, also
/// one routing-database read per route server and one route listing per interface). Each peer is written, freshly
/// read, the moment it is up.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "BgpPeerUp", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(RouteServerPeer), typeof(DxBgpPeer))]
public sealed class WaitBgpPeerUpCommand : BgpPeeringCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string RouteServerIdSet = "RouteServerPeerId";
    private const string DxIdSet = "DxBgpPeerId";

    private readonly SessionBatches<WaitTarget> _targets = new();
    private WaitOptions _options = new();

    /// <summary>Peers from New-/Get-RouteServerPeer and New-/Get-DxBgpPeer, mixed.</summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public IBgpPeer[] InputObject { get; set; } = new IBgpPeer[0];

    /// <summary>Route Server peer IDs, for instance from a CSV column.</summary>
    [Parameter(ParameterSetName = RouteServerIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateAwsId(AwsIdKind.RouteServerPeer)]
    [ArgumentCompleter(typeof(RouteServerPeerIdCompleter))]
    public string[] RouteServerPeerId { get; set; } = new string[0];

    /// <summary>A Direct Connect BGP peer ID; give it with -VirtualInterfaceId.</summary>
    [Parameter(ParameterSetName = DxIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateAwsId(AwsIdKind.DxBgpPeer)]
    [ArgumentCompleter(typeof(DxBgpPeerIdCompleter))]
    public string BgpPeerId { get; set; } = string.Empty;

    /// <summary>The virtual interface of the Direct Connect BGP peer.</summary>
    [Parameter(ParameterSetName = DxIdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateAwsId(AwsIdKind.VirtualInterface)]
    [ArgumentCompleter(typeof(VirtualInterfaceIdCompleter))]
    public string VirtualInterfaceId { get; set; } = string.Empty;

    /// <summary>How long to wait in all (default 10 minutes). Peers still down then become OperationTimeout errors.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = WaitOptions.DefaultTimeout;

    /// <summary>The time between polls while peers are moving (default 5 seconds, minimum 1 second); when nothing moves, or after throttling, delays grow to 30 seconds.</summary>
    [Parameter]
    public TimeSpan PollInterval { get; set; } = WaitOptions.DefaultPollInterval;

    /// <summary>Also wait for BFD on Route Server peers that use BFD liveness detection.</summary>
    [Parameter]
    public SwitchParameter RequireBfd { get; set; }

    /// <summary>
    /// Also wait until each peer has this many routes in the FIB (Route Server) or accepted on its interface and
    /// address family (Direct Connect). 0, the default, waits for BGP alone.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 1000000)]
    public int MinimumRouteCount { get; set; }

    protected override void BeginProcessing()
    {
        _options = new WaitOptions { Timeout = Timeout, PollInterval = PollInterval, RequireBfd = RequireBfd, MinimumRouteCount = MinimumRouteCount };
        try
        {
            WaitRules.CheckBounds(Timeout, PollInterval, MyInvocation.BoundParameters.ContainsKey(nameof(PollInterval)));
            _options.Validate();
        }
        catch (ValidationException ex)
        {
            // The cmdlet's own settings, not an item: nothing can be waited for.
            ThrowTerminatingError(ErrorRecords.From(ErrorCatalogue.InvalidArgument.For(ex, ex.ParamName)));
        }
    }

    protected override void ProcessRecord()
    {
        var session = CurrentSession();
        Queue(_targets, ParameterSetName switch
        {
            InputObjectSet => InputObject.Select(peer => WaitTarget.For(session, peer)).OfType<WaitTarget>(),
            RouteServerIdSet => RouteServerPeerId.Select(id => WaitTarget.ForRouteServerPeerId(session, id)),
            _ => new[] { WaitTarget.ForDxBgpPeerId(session, VirtualInterfaceId, BgpPeerId) },
        });
    }

    protected override void EndProcessing()
    {
        // Everything is collected first, so that one poll round covers the whole set.
        var targets = _targets.All();
        Read(new PeerWaiter().Wait(targets, _options), targets);
    }
}
