using System;
using System.Management.Automation;
using BgpPeering.Engine.Model.Validation;

namespace BgpPeering.Internal
{
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
}

namespace BgpPeering.Internal
{
    using System.Collections;
    using System.Collections.Generic;

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

    /// <summary>
    /// Lets -Tag take text as well as a hashtable, so that a CSV column such as <c>Name=fw-a;env=prod</c> binds.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TagTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string text)
            {
                try
                {
                    var table = new Hashtable(StringComparer.Ordinal);
                    foreach (var pair in RouteServerRules.ParseTagText(text)) table[pair.Key] = pair.Value;
                    return table;
                }
                catch (ValidationException ex)
                {
                    throw new ArgumentTransformationMetadataException(ex.Reason, ex);
                }
            }
            if (value is IDictionary dictionary and not Hashtable)
            {
                // A piped object's Tags (a read-only dictionary) binds as a hashtable.
                var table = new Hashtable(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dictionary) table[entry.Key] = entry.Value;
                return table;
            }
            return inputData;
        }
    }

    /// <summary>Hashtable tags to ordered pairs (sorted by key, so the request is the same every time).</summary>
    internal static class TagInput
    {
        public static List<KeyValuePair<string, string>>? FromHashtable(Hashtable? table, string parameterName)
        {
            if (table is null) return null;
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (DictionaryEntry entry in table)
            {
                var key = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString() ?? string.Empty;
                var raw = entry.Value is PSObject v ? v.BaseObject : entry.Value;
                pairs.Add(new KeyValuePair<string, string>(key, raw?.ToString() ?? string.Empty));
            }
            pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return pairs;
        }
    }
}

namespace BgpPeering.Internal
{
    using System.Collections;

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
}
