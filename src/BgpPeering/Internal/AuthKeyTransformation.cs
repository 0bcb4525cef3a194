using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using BgpPeering.Engine.Model;

namespace BgpPeering.Internal;

/// <summary>
/// Lets -AuthKey take a string, a SecureString (such as from Read-Host -AsSecureString) or a piped peer's masked key,
/// and hands the cmdlet a <see cref="MaskedString"/>, so the key is never shown: not in -Debug's binding trace
/// (Trace-Command prints what a transformation returns, and a MaskedString prints as its mask), nor in errors.
/// An empty key is no key (AWS generates one). Anything else is a binding error naming the parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AuthKeyTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null => null,
            string s => MaskedString.FromNullable(s),
            SecureString secure => secure.Length == 0 ? null : new MaskedString(new NetworkCredential(string.Empty, secure).Password),
            MaskedString masked => masked,
            _ => throw new ArgumentTransformationMetadataException(
                "-AuthKey must be a string or a SecureString (such as from Read-Host -AsSecureString), not a " + value.GetType().Name + "."),
        };
    }
}
