using System;
using System.Management.Automation;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Internal;

/// <summary>
/// Binds a whole number strictly: PowerShell would round <c>65001.5</c> (typed, or from a CSV cell) to 65002 when
/// converting it to a long; this refuses it with a message naming the parameter and the range. Put it on every
/// ASN parameter, beside the [ValidateRange] that checks the bounds.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class WholeNumberAttribute : ArgumentTransformationAttribute
{
    public WholeNumberAttribute(string parameterName, string range)
    {
        ParameterName = parameterName;
        Range = range;
    }

    public string ParameterName { get; }

    /// <summary>The valid range in words, such as "1 to 4294967295".</summary>
    public string Range { get; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        try
        {
            return NumberInput.ToWholeNumber(value, ParameterName, Range);
        }
        catch (ValidationException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Reason, ex);
        }
    }
}

/// <summary>
/// Binds an enum strictly. PowerShell SKIPS a by-property-name binding whose conversion fails, so a CSV cell such
/// as <c>Bdf</c> would silently leave an optional parameter at its default; this turns it into an error for that
/// row (its target is the row) that names the parameter and the valid values. AWS's wire spellings are accepted.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class StrictEnumAttribute : ArgumentTransformationAttribute
{
    public StrictEnumAttribute(Type enumType, string parameterName)
    {
        EnumType = enumType;
        ParameterName = parameterName;
    }

    public Type EnumType { get; }

    public string ParameterName { get; }

    /// <summary>The name of the value an empty cell stands for (the parameter's default); null makes empty an error.</summary>
    public string? EmptyMeans { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        try
        {
            return EnumInput.Parse(EnumType, value, ParameterName, EmptyMeans is null ? null : Enum.Parse(EnumType, EmptyMeans));
        }
        catch (ValidationException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Reason, ex);
        }
    }
}

/// <summary>
/// Binds a failover test's -Duration strictly. PowerShell would read a bare number as ticks (<c>-Duration 30</c> is
/// three microseconds) and digits alone as days (<c>'30'</c> is a month); both are refused with a message that names
/// the parameter and shows the form it takes. A TimeSpan, or text such as <c>00:30:00</c>, binds as usual; null (a
/// piped test that carries no duration) is AWS's default, 180 minutes.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class FailoverDurationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case null:
                return FailoverTestRules.DefaultDuration;
            case TimeSpan:
                return value;
            case string s when s.Trim().Length == 0:
                return FailoverTestRules.DefaultDuration;
            case string s when IsDigits(s.Trim()):
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or System.Numerics.BigInteger:
                throw new ArgumentTransformationMetadataException(
                    "-Duration takes a TimeSpan, not the number " + value + " (PowerShell would read a number as ticks, and digits alone as days). " +
                    "Give minutes as hh:mm:ss, such as 00:30:00, or as (New-TimeSpan -Minutes 30); a test lasts 1 to 4320 minutes.");
            default:
                return value;
        }
    }

    private static bool IsDigits(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}
