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
