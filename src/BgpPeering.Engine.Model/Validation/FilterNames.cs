using System;
using System.Collections.Generic;
using System.Linq;

namespace BgpPeering.Engine.Model.Validation;

/// <summary>Every EC2 filter name each describe call takes, as the API defines them (case-sensitive).</summary>
public static class FilterNames
{
    /// <summary>The EC2 action whose filters Get-RouteServerPeer's -Filter takes.</summary>
    public const string PeersOperation = "DescribeRouteServerPeers";

    /// <summary>The EC2 action whose filters Get-RouteServerEndpoint's -Filter takes.</summary>
    public const string EndpointsOperation = "DescribeRouteServerEndpoints";

    /// <summary>DescribeRouteServerPeers: the names besides <c>tag:&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> RouteServerPeers = new[]
    {
        "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "peer-address", "tag-key",
    };

    /// <summary>DescribeRouteServerEndpoints: the names besides <c>tag:&lt;key&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> RouteServerEndpoints = new[]
    {
        "route-server-endpoint-id", "route-server-id", "vpc-id", "subnet-id", "state", "tag-key",
    };

    /// <summary>The list for an operation: <c>DescribeRouteServerPeers</c> or <c>DescribeRouteServerEndpoints</c>.</summary>
    public static IReadOnlyList<string> For(string operation) => operation switch
    {
        PeersOperation => RouteServerPeers,
        EndpointsOperation => RouteServerEndpoints,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No filter list for this operation."),
    };

    /// <summary>True for a name in <paramref name="names"/>, or <c>tag:</c> followed by a key.</summary>
    public static bool IsValid(IReadOnlyList<string> names, string? name) =>
        name is not null && ((name.StartsWith("tag:", StringComparison.Ordinal) && name.Length > 4) || names.Contains(name, StringComparer.Ordinal));

    /// <summary>Throws a <see cref="ValidationException"/> naming the parameter and every valid filter name.</summary>
    public static void Check(string operation, string? name, string parameterName = "Filter")
    {
        var names = For(operation);
        if (IsValid(names, name)) return;
        throw new ValidationException(parameterName,
            "'" + name + "' is not a " + operation + " filter name for -" + parameterName + ". Valid names (case-sensitive): " +
            string.Join(", ", names) + ", and tag:<key>.");
    }
}
