using System;
using System.Management.Automation;
using BgpPeering.Engine.Validation;

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
