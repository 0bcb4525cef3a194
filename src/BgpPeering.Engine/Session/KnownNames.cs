using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;
using Amazon.Runtime.CredentialManagement.Internal;

namespace BgpPeering.Engine.Session;

/// <summary>Names for tab completion: regions from the SDK's endpoint data, profiles from the credential files.</summary>
public static class KnownNames
{
    private static readonly IniFileCache Files = new();
    private static readonly Lazy<IAwsEnvironment> Machine = new(() => new ProcessEnvironment());

    private static readonly Lazy<IReadOnlyList<string>> AcceptedRegions = new(() =>
        RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Distinct(StringComparer.Ordinal).Where(IsAccepted).ToList());

    /// <summary>
    /// The SDK's region names that -Region accepts. The SDK also lists pseudo-regions such as us-east-1-regional
    /// and aws-global, which are endpoint variants, not regions: offering them would complete to an error.
    /// </summary>
    public static IReadOnlyList<string> Regions() => AcceptedRegions.Value;

    /// <summary>True when the resolver takes <paramref name="name"/> as it is, as a region name (one rule for both).</summary>
    private static bool IsAccepted(string name)
    {
        try
        {
            return CredentialResolver.Region(name, "A completed region", "-Region") == name;
        }
        catch (CredentialResolutionException)
        {
            return false;
        }
    }

    /// <summary>
    /// The profiles that hold credentials, where the resolver looks for them: the SDK store (Windows), the shared
    /// credentials file (or <paramref name="profileLocation"/>) and the shared config file.
    /// </summary>
    public static IReadOnlyList<string> Profiles(string? profileLocation) => Profiles(profileLocation, Machine.Value, Files);

    internal static IReadOnlyList<string> Profiles(string? profileLocation, IAwsEnvironment environment, IniFileCache files)
    {
        try
        {
            var store = ProfileStore.Open(string.IsNullOrWhiteSpace(profileLocation) ? null : profileLocation, environment, files);
            var names = new List<string>();
            foreach (var name in store.Names())
            {
                try
                {
                    if (!store.TryFind(name, out var profile)) continue;
                    if (profile.SdkProfile is not null ? profile.SdkProfile.CanCreateAWSCredentials
                        : profile.Problem is null && CredentialProfileTypeDetector.DetectProfileType(ProfileCredentials.Options(profile)) is not null)
                        names.Add(name);
                }
                catch (CredentialResolutionException)
                {
                    // A profile naming a missing sso-session: not offered.
                }
            }
            return names;
        }
        catch (Exception)
        {
            // Completion must never throw at the user: an unreadable file just completes nothing.
            return Array.Empty<string>();
        }
    }
}
