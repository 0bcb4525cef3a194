using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace BgpPeering.Internal;

/// <summary>
/// Lets an ID parameter that takes whole pipeline objects (<c>ValueFromPipeline</c>) bind the object's own ID
/// property. PowerShell binds a piped object to such a parameter by converting the whole object to text before it
/// tries the property of the same name, so a row from Import-Csv, Select-Object, ConvertFrom-Json or a
/// [pscustomobject] with the ID plus other columns (Region, EndpointUrl) would become
/// "@{RouteServerPeerId=…; Region=…}" and fail validation. This takes the named property of such an object (or of
/// each element of an array); text passes through unchanged for validation to judge, and an object without the
/// property is not taken (so that the binder can try the object's other properties).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PipelineIdTransformationAttribute : ArgumentTransformationAttribute
{
    public PipelineIdTransformationAttribute(params string[] propertyNames) => PropertyNames = propertyNames;

    /// <summary>The ID property to take from a piped object, such as RouteServerPeerId, then its aliases.</summary>
    public string[] PropertyNames { get; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = Unwrap(inputData);
        if (value is null || value is string) return value;
        if (value is IList list && value is not IDictionary)
        {
            var ids = new List<object?>(list.Count);
            foreach (var item in list) ids.Add(One(item));
            return ids.ToArray();
        }
        return One(inputData);
    }

    private object? One(object? item)
    {
        var value = Unwrap(item);
        if (value is null || value is string) return value;
        foreach (var name in PropertyNames)
        {
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                    if (string.Equals(entry.Key as string, name, StringComparison.OrdinalIgnoreCase)) return Unwrap(entry.Value);
                continue;
            }
            var property = PSObject.AsPSObject(item!).Properties[name];
            if (property is null) continue;
            try
            {
                return Unwrap(property.Value);
            }
            catch (GetValueException)
            {
                return item;
            }
        }
        // An object without the ID (a row that names its peer another way, such as by interface, ASN and
        // address): this parameter does not take it, so that PowerShell binds the object by property name
        // instead. The pipeline binder passes a parameter over when its conversion fails with an invalid cast
        // (as for any value of the wrong type); any other failure, validation included, ends the row with an
        // error.
        var message = "The object has no " + PropertyNames[0] + " property to take as -" + PropertyNames[0] + ".";
        throw new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
    }

    private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;
}
