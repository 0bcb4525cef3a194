using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace BgpPeering.Engine.Model.Validation
{
    /// <summary>
    /// Input rules for Route Server peers, checked before any request is sent. Every message names the
    /// parameter and the valid range or format.
    /// </summary>
    public static class RouteServerRules
    {
        public const long MinAsn = 1;
        /// <summary>Route Server accepts 32-bit ASNs up to 4294967295.</summary>
        public const long MaxAsn = 4294967295;

        /// <summary>EC2's documented tag limits: 50 tags a resource, keys 1–128 characters, values 0–256, no <c>aws:</c> prefix.</summary>
        public const int MaxTags = 50;
        public const int MaxTagKeyLength = 128;
        public const int MaxTagValueLength = 256;

        public static void CheckAsn(long asn, string parameterName = "PeerAsn")
        {
            if (asn < MinAsn || asn > MaxAsn)
                throw new ValidationException(parameterName,
                    "-" + parameterName + " " + asn.ToString(CultureInfo.InvariantCulture) + " is out of range. A BGP ASN for a Route Server peer is 1 to 4294967295 (32-bit ASNs are allowed).");
        }

        /// <summary>A dotted-quad IPv4 address: four decimal octets, no leading zeros, no prefix length.</summary>
        public static bool IsIPv4(string? value)
        {
            if (string.IsNullOrEmpty(value)) return false;
            var parts = value!.Split('.');
            if (parts.Length != 4) return false;
            foreach (var part in parts)
            {
                if (part.Length is 0 or > 3) return false;
                if (part.Length > 1 && part[0] == '0') return false;
                foreach (var c in part) if (c is < '0' or > '9') return false;
                if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
            }
            return IPAddress.TryParse(value, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        }

        public static void CheckIPv4(string? value, string parameterName = "PeerAddress")
        {
            if (!IsIPv4(value))
                throw new ValidationException(parameterName,
                    "'" + value + "' is not a valid IPv4 address for -" + parameterName + ". Expected four decimal numbers 0-255 separated by dots, such as 10.0.1.10.");
        }

        /// <summary>Checks tags against EC2's limits and returns them as ordered pairs.</summary>
        public static List<KeyValuePair<string, string>> CheckTags(IEnumerable<KeyValuePair<string, string>> tags, string parameterName = "Tag")
        {
            var result = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                var key = tag.Key;
                var value = tag.Value ?? string.Empty;
                if (string.IsNullOrEmpty(key) || key.Length > MaxTagKeyLength)
                    throw new ValidationException(parameterName, "-" + parameterName + " key '" + key + "' must be 1 to " + MaxTagKeyLength + " characters long.");
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    throw new ValidationException(parameterName, "-" + parameterName + " key '" + key + "' starts with 'aws:', which AWS reserves for its own tags.");
                if (value.Length > MaxTagValueLength)
                    throw new ValidationException(parameterName, "-" + parameterName + " value for '" + key + "' is " + value.Length + " characters long; the limit is " + MaxTagValueLength + ".");
                if (!seen.Add(key))
                    throw new ValidationException(parameterName, "-" + parameterName + " names the key '" + key + "' twice; tag keys are case-sensitive and must be unique.");
                result.Add(new KeyValuePair<string, string>(key, value));
            }
            if (result.Count > MaxTags)
                throw new ValidationException(parameterName, "-" + parameterName + " has " + result.Count + " tags; a Route Server peer can have at most " + MaxTags + ".");
            return result;
        }

        /// <summary>
        /// Parses tags written as text, as a CSV column would hold them: <c>Name=fw-a;env=prod</c>
        /// (<c>;</c> or <c>,</c> between pairs, <c>=</c> between key and value).
        /// </summary>
        public static List<KeyValuePair<string, string>> ParseTagText(string text, string parameterName = "Tag")
        {
            var result = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in text.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = raw.Trim();
                if (pair.Length == 0) continue;
                var i = pair.IndexOf('=');
                if (i <= 0)
                    throw new ValidationException(parameterName, "-" + parameterName + " text '" + pair + "' is not key=value. Write tags as 'Name=fw-a;env=prod', or pass a hashtable such as @{ Name = 'fw-a' }.");
                var key = pair.Substring(0, i).Trim();
                if (!seen.Add(key))
                    throw new ValidationException(parameterName,
                        "-" + parameterName + " text '" + text + "' names the key '" + key + "' twice; tag keys are case-sensitive and must be unique, such as 'Name=fw-a;env=prod'.");
                result.Add(new KeyValuePair<string, string>(key, pair.Substring(i + 1).Trim()));
            }
            return result;
        }

        /// <summary>Builds the CreateRouteServerPeer input, checking every rule first.</summary>
        public static NewRouteServerPeerRequest BuildCreate(string routeServerEndpointId, string peerAddress, long peerAsn,
            PeerLivenessDetection? liveness, IEnumerable<KeyValuePair<string, string>>? tags)
        {
            var request = new NewRouteServerPeerRequest
            {
                RouteServerEndpointId = routeServerEndpointId,
                PeerAddress = peerAddress,
                PeerAsn = peerAsn,
                PeerLivenessDetection = liveness,
            };
            try
            {
                AwsIds.Check(AwsIdKind.RouteServerEndpoint, routeServerEndpointId, "RouteServerEndpointId");
                CheckIPv4(peerAddress);
                CheckAsn(peerAsn);
                if (liveness is PeerLivenessDetection l && !Enum.IsDefined(typeof(PeerLivenessDetection), l))
                    throw new ValidationException("PeerLivenessDetection", "-PeerLivenessDetection must be one of: " + EnumInput.ValidNames(typeof(PeerLivenessDetection)) + ".");
                if (tags is not null)
                {
                    foreach (var tag in CheckTags(tags)) request.Tags.Add(tag);
                }
            }
            catch (ValidationException ex)
            {
                // The error's target is the peer this input would create, not one of its values.
                throw ex.For(request);
            }
            return request;
        }
    }
}
