using System;
using System.Text.RegularExpressions;

namespace BgpPeering.Engine.Model.Validation;

/// <summary>The kinds of AWS resource ID our parameters take.</summary>
public enum AwsIdKind
{
    RouteServerPeer,
    RouteServerEndpoint,
    RouteServer,
    Vpc,
    Subnet,
    VirtualInterface,
    DxBgpPeer,
    DxConnection,
}

/// <summary>Checks resource IDs before any request is sent, with a message that shows the expected form.</summary>
public static class AwsIds
{
    private static readonly Regex Ec2Id = new("^(?<prefix>[a-z]+)-(?<hex>[0-9a-f]{8}|[0-9a-f]{17})\\z", RegexOptions.CultureInvariant);
    private static readonly Regex DxId = new("^(?<prefix>[a-z]+)-(?<tail>[0-9a-z]{8})\\z", RegexOptions.CultureInvariant);

    public static string Prefix(AwsIdKind kind) => kind switch
    {
        AwsIdKind.RouteServerPeer => "rsp",
        AwsIdKind.RouteServerEndpoint => "rse",
        AwsIdKind.RouteServer => "rs",
        AwsIdKind.Vpc => "vpc",
        AwsIdKind.Subnet => "subnet",
        AwsIdKind.VirtualInterface => "dxvif",
        AwsIdKind.DxBgpPeer => "dxpeer",
        AwsIdKind.DxConnection => "dxcon",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Describe(AwsIdKind kind) => kind switch
    {
        AwsIdKind.RouteServerPeer => "Route Server peer ID",
        AwsIdKind.RouteServerEndpoint => "Route Server endpoint ID",
        AwsIdKind.RouteServer => "Route Server ID",
        AwsIdKind.Vpc => "VPC ID",
        AwsIdKind.Subnet => "subnet ID",
        AwsIdKind.VirtualInterface => "virtual interface ID",
        AwsIdKind.DxBgpPeer => "Direct Connect BGP peer ID",
        AwsIdKind.DxConnection => "Direct Connect connection or LAG ID",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static bool IsDirectConnect(AwsIdKind kind) =>
        kind is AwsIdKind.VirtualInterface or AwsIdKind.DxBgpPeer or AwsIdKind.DxConnection;

    /// <summary>The expected form, for error messages: "rsp- followed by 8 or 17 hex digits, such as rsp-0123456789abcdef0".</summary>
    public static string ExpectedForm(AwsIdKind kind)
    {
        var prefix = Prefix(kind);
        if (kind == AwsIdKind.DxConnection) return "dxcon- or dxlag- followed by 8 lowercase letters or digits, such as dxcon-ffabc123";
        return IsDirectConnect(kind)
            ? prefix + "- followed by 8 lowercase letters or digits, such as " + prefix + "-ffabc123"
            : prefix + "- followed by 8 or 17 lowercase hex digits, such as " + prefix + "-0123456789abcdef0";
    }

    public static bool IsValid(AwsIdKind kind, string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        var m = (IsDirectConnect(kind) ? DxId : Ec2Id).Match(value);
        var prefix = m.Groups["prefix"].Value;
        // A connection's ID is taken wherever a LAG's is: Direct Connect treats the two alike (dxcon- or dxlag-).
        return m.Success && (prefix == Prefix(kind) || kind == AwsIdKind.DxConnection && prefix == "dxlag");
    }

    /// <summary>Throws a <see cref="ValidationException"/> naming the parameter and the expected form.</summary>
    public static void Check(AwsIdKind kind, string? value, string parameterName)
    {
        if (!IsValid(kind, value))
            throw new ValidationException(parameterName,
                "'" + value + "' is not a valid " + Describe(kind) + " for -" + parameterName + ". Expected " + ExpectedForm(kind) + ".");
    }
}
