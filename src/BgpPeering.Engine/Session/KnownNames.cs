using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace BgpPeering.Engine.Session
{
    /// <summary>Names for tab completion: regions from the SDK's endpoint data, profiles from the credential files.</summary>
    public static class KnownNames
    {
        public static IReadOnlyList<string> Regions() =>
            RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Distinct(StringComparer.Ordinal).ToList();

        public static IReadOnlyList<string> Profiles(string? profileLocation)
        {
            try
            {
                var chain = string.IsNullOrEmpty(profileLocation) ? new CredentialProfileStoreChain() : new CredentialProfileStoreChain(profileLocation);
                return chain.ListProfiles().Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();
            }
            catch (Exception)
            {
                // Completion must never throw at the user: an unreadable file just completes nothing.
                return Array.Empty<string>();
            }
        }
    }
}
