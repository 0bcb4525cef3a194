using System.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using BgpPeering.Engine.Aws.DirectConnect;
using BgpPeering.Engine.Aws.Ec2;

namespace BgpPeering.Engine.Aws;

/// <summary>
/// AWSSDK.Core's Standard retries, with two changes:
/// <list type="bullet">
/// <item>Mutations (CreateRouteServerPeer, DeleteRouteServerPeer, CreateBGPPeer, DeleteBGPPeer, StartBgpFailoverTest,
/// StopBgpFailoverTest, and CreateTags and DeleteTags, which Sync-RouteServerPeer sends) are never retried by the SDK —
/// neither for errors nor as a "stale connection" — because a retry after a lost response makes a second peer (or is
/// refused: a test already runs, or none does) or reports a failure for a change that was made. The engine owns their retry
/// (Operations/MutationRetry.cs), reading back before it sends again.</item>
/// <item>The retry budget is this client's own refilling <see cref="RetryBudget"/>, not Core's per-URL bucket
/// shared for the life of the process.</item>
/// </list>
/// </summary>
internal sealed class EngineRetryPolicy : StandardRetryPolicy
{
    public EngineRetryPolicy(IClientConfig config, RetryBudget budget) : base(config)
    {
        Budget = budget;
    }

    public RetryBudget Budget { get; }

    public static bool IsMutation(string action) =>
        action is Ec2Requests.CreateRouteServerPeer or Ec2Requests.DeleteRouteServerPeer
            or DxRequests.CreateBgpPeer or DxRequests.DeleteBgpPeer
            or Ec2Requests.CreateTags or Ec2Requests.DeleteTags
            or DxRequests.StartBgpFailoverTest or DxRequests.StopBgpFailoverTest;

    internal static string? ActionOf(AmazonWebServiceRequest? request) => request switch
    {
        QueryRequest q => q.Action,
        JsonRequest j => j.Operation,
        _ => null,
    };

    public override bool CanRetry(IExecutionContext executionContext)
    {
        var request = executionContext.RequestContext.OriginalRequest;
        var action = ActionOf(request);
        // A DryRun changes nothing, so the SDK may retry it like a read.
        if (action is not null && IsMutation(action) && !IsDryRun(request)) return false;
        return base.CanRetry(executionContext);
    }

    private static bool IsDryRun(AmazonWebServiceRequest request) =>
        request is QueryRequest q && q.Parameters.Any(p => p.Key == "DryRun" && p.Value == "true");

    public override bool OnRetry(IExecutionContext executionContext, bool bypassAcquireCapacity, bool isThrottlingError)
    {
        if (bypassAcquireCapacity) return true;
        var cost = executionContext.RequestContext.LastCapacityType == CapacityManager.CapacityType.Timeout
            ? RetryBudget.DefaultTimeoutRetryCost
            : RetryBudget.DefaultRetryCost;
        return Budget.TryAcquire(cost);
    }

    public override void NotifySuccess(IExecutionContext executionContext)
    {
        var context = executionContext.RequestContext;
        if (context.Retries == 0) Budget.Release(1);
        else Budget.Release(context.LastCapacityType == CapacityManager.CapacityType.Timeout ? RetryBudget.DefaultTimeoutRetryCost : RetryBudget.DefaultRetryCost);
    }
}
