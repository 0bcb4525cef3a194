using System;
using System.Collections;
using System.Management.Automation;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Internal;

/// <summary>
/// Validates an AWS resource ID with a message that shows the expected form (PowerShell 5.1's ValidatePattern
/// can only show its regex). The rule itself lives in the engine, where it is unit tested.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateAwsIdAttribute : ValidateEnumeratedArgumentsAttribute
{
    public ValidateAwsIdAttribute(AwsIdKind kind) => Kind = kind;

    public AwsIdKind Kind { get; }

    protected override void ValidateElement(object element)
    {
        var value = element is PSObject pso ? pso.BaseObject : element;
        if (!AwsIds.IsValid(Kind, value as string))
            throw new ValidationMetadataException(
                "'" + value + "' is not a valid " + AwsIds.Describe(Kind) + ". Expected " + AwsIds.ExpectedForm(Kind) + ".");
    }
}

/// <summary>Validates an IPv4 address with a message that says what a valid one looks like.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateIPv4Attribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var value = (element is PSObject pso ? pso.BaseObject : element) as string;
        if (!RouteServerRules.IsIPv4(value))
            throw new ValidationMetadataException("'" + value + "' is not a valid IPv4 address. Expected four decimal numbers 0-255 separated by dots, such as 10.0.1.10.");
    }
}

/// <summary>Validates a CIDR (IPv4 or IPv6, with its prefix length and no host bits) with a message that shows a valid one.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateIpPrefixAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var value = (element is PSObject pso ? pso.BaseObject : element) as string;
        if (!IpPrefix.TryParse(value, out _, out var error))
            throw new ValidationMetadataException("'" + value + "' is not a valid CIDR: " + error + ". Expected a network address and a prefix length, such as 10.60.0.0/16 or 2001:db8::/32.");
    }
}

/// <summary>
/// Checks a -Filter hashtable's names against the API's list for the operation (the list lives in the engine,
/// <see cref="FilterNames"/>), so that an unknown or misspelt filter is refused before anything is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateFilterNamesAttribute : ValidateArgumentsAttribute
{
    public ValidateFilterNamesAttribute(string operation) => Operation = operation;

    /// <summary>DescribeRouteServerPeers or DescribeRouteServerEndpoints.</summary>
    public string Operation { get; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is not IDictionary table) return;
        foreach (DictionaryEntry entry in table)
        {
            var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key) as string;
            try
            {
                QueryFilters.CheckName(Operation, key, "Filter");
            }
            catch (ValidationException ex)
            {
                throw new ValidationMetadataException(ex.Reason, ex);
            }
        }
    }
}

/// <summary>Validates a failover test's length: 1 to 4320 whole minutes (the rule lives in the engine, <see cref="FailoverTestRules"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateFailoverDurationAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is not TimeSpan duration) return;
        try
        {
            FailoverTestRules.ToMinutes(duration);
        }
        catch (ValidationException ex)
        {
            throw new ValidationMetadataException(ex.Reason, ex);
        }
    }
}
