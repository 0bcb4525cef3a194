using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Amazon.Runtime;

namespace BgpPeering.Engine.Session;

/// <summary>What <c>$StoredAWSCredentials</c> turned out to hold.</summary>
internal sealed class StoredCredentialsReading
{
    /// <summary>Live credentials from AWS.Tools' object (or an AWSCredentials put there directly), or null.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>The set's name: the profile name after <c>Set-AWSCredential -ProfileName</c>; null when there is none.</summary>
    public string? Name { get; set; }

    /// <summary>Secret-free identity of the object, so that a new <c>Set-AWSCredential</c> makes a new session.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>What the value is, for messages: a type name, never the value itself.</summary>
    public string Shape { get; set; } = string.Empty;
}

/// <summary>
/// Reads the session variables that AWS.Tools' <c>Set-AWSCredential</c> and <c>Set-DefaultAWSRegion</c> leave,
/// without a reference to AWS.Tools. <c>$StoredAWSCredentials</c> holds an <c>AWSPSCredentials</c>: a public class
/// whose <c>Credentials</c>, <c>Name</c> and <c>Source</c> properties are internal and whose <c>ToString()</c> is the
/// name (the profile name, when one was given). Its credentials are used through reflection; when AWS.Tools loaded
/// another AWSSDK.Core, they are adapted by their public members. <c>$StoredAWSRegion</c> holds a region name.
/// </summary>
internal static class StoredVariables
{
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly ConditionalWeakTable<object, object> Ids = new();
    private static readonly ConditionalWeakTable<object, ForeignCredentials> Adapters = new();
    private static long _nextId;

    public static StoredCredentialsReading ReadCredentials(object value)
    {
        var reading = new StoredCredentialsReading { Identity = "stored#" + IdOf(value), Shape = value.GetType().FullName ?? value.GetType().Name };
        switch (value)
        {
            case string s:
                // Not what AWS.Tools stores, but a profile name is the only sensible meaning of a string.
                reading.Name = s.Trim().Length == 0 ? null : s.Trim();
                reading.Shape = "a string";
                reading.Identity = "stored-name";
                return reading;
            case AWSCredentials credentials:
                reading.Credentials = credentials;
                return reading;
        }

        var type = value.GetType();
        var inner = Member(value, type, "Credentials");
        if (inner is AWSCredentials same)
            reading.Credentials = same;
        else if (inner is not null && ForeignCredentials.CanAdapt(inner))
            reading.Credentials = Adapters.GetValue(inner, o => new ForeignCredentials(o));
        if (inner is not null) reading.Identity = "stored#" + IdOf(inner);

        var name = Member(value, type, "Name") as string;
        if (string.IsNullOrWhiteSpace(name))
        {
            // ToString() is the name, or else the inner credentials' type name (or, for an object that does not
            // override it, our own type name): neither of those is a profile.
            string? text = null;
            try
            {
                text = value.ToString();
            }
            catch (Exception)
            {
                text = null;
            }
            if (!string.IsNullOrWhiteSpace(text) && text != type.FullName && !(inner is not null && text == inner.ToString()) &&
                !(text!.StartsWith("Amazon.", StringComparison.Ordinal) && text.IndexOf(' ') < 0))
                name = text;
        }
        reading.Name = string.IsNullOrWhiteSpace(name) ? null : name!.Trim();
        if (reading.Credentials is null && reading.Name is not null) reading.Identity = "stored-name";
        return reading;
    }

    /// <summary>The region name in <c>$StoredAWSRegion</c>, or null when it holds something else.</summary>
    public static string? ReadRegion(object value, out string shape)
    {
        shape = value is string ? "a string" : value.GetType().FullName ?? value.GetType().Name;
        if (value is string s) return s.Trim();
        var type = value.GetType();
        foreach (var name in new[] { "Region", "SystemName" })
            if (Member(value, type, name) is string r && !string.IsNullOrWhiteSpace(r)) return r.Trim();
        string? text;
        try
        {
            text = value.ToString();
        }
        catch (Exception)
        {
            text = null;
        }
        return text is null || text == type.FullName ? null : text.Trim();
    }

    private static object? Member(object target, Type type, string name)
    {
        try
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                var property = t.GetProperty(name, AnyInstance | BindingFlags.DeclaredOnly);
                if (property is not null && property.GetIndexParameters().Length == 0) return property.GetValue(target);
                var field = t.GetField(name, AnyInstance | BindingFlags.DeclaredOnly);
                if (field is not null) return field.GetValue(target);
            }
        }
        catch (Exception ex) when (ex is TargetInvocationException or MethodAccessException or FieldAccessException or MemberAccessException or NotSupportedException)
        {
            return null;
        }
        return null;
    }

    /// <summary>A number that stays with the object for its life: the same object is the same stored value.</summary>
    internal static long IdentityOf(object o) => IdOf(o);

    private static long IdOf(object o) => (long)Ids.GetValue(o, _ => Interlocked.Increment(ref _nextId));

    /// <summary>
    /// AWS.Tools' credentials when they are not our AWSCredentials type (AWS.Tools loaded another AWSSDK.Core):
    /// asked for through their public <c>GetCredentials()</c>, whose result has AccessKey, SecretKey and Token.
    /// </summary>
    private sealed class ForeignCredentials : AWSCredentials
    {
        private readonly object _inner;
        private readonly MethodInfo _get;

        public ForeignCredentials(object inner)
        {
            _inner = inner;
            _get = inner.GetType().GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null)!;
        }

        public static bool CanAdapt(object inner) =>
            inner.GetType().GetMethod("GetCredentials", BindingFlags.Instance | BindingFlags.Public, null, Type.EmptyTypes, null) is { } m &&
            m.ReturnType.GetProperty("AccessKey") is not null && m.ReturnType.GetProperty("SecretKey") is not null;

        public override ImmutableCredentials GetCredentials()
        {
            object? result;
            try
            {
                result = _get.Invoke(_inner, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new CredentialResolutionException("The credentials in $StoredAWSCredentials could not be read: " + ex.InnerException.Message,
                    CredentialFailure.CredentialsNotFound, ex.InnerException);
            }
            if (result is null)
                throw new CredentialResolutionException("The credentials in $StoredAWSCredentials returned nothing.", CredentialFailure.CredentialsNotFound);
            var t = result.GetType();
            var accessKey = t.GetProperty("AccessKey")?.GetValue(result) as string;
            var secretKey = t.GetProperty("SecretKey")?.GetValue(result) as string;
            var token = t.GetProperty("Token")?.GetValue(result) as string;
            if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
                throw new CredentialResolutionException("The credentials in $StoredAWSCredentials have no access key.", CredentialFailure.CredentialsNotFound);
            return new ImmutableCredentials(accessKey, secretKey, token);
        }

        public override string ToString() => "StoredAWSCredentials(" + _inner.GetType().FullName + ")";
    }
}
