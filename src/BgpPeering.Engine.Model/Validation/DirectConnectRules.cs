using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace BgpPeering.Engine.Model.Validation;

/// <summary>
/// Input rules for Direct Connect BGP peers, checked before any request is sent. Every message names the
/// parameter and the valid range or format, and none repeats an auth key.
/// </summary>
public static class DirectConnectRules
{
    public const long MinAsn = 1;

    /// <summary>The largest ASN Direct Connect's <c>asnLong</c> takes (4294967295 is reserved).</summary>
    public const long MaxAsn = 4294967294;

    public const int MinAuthKeyLength = 6;
    public const int MaxAuthKeyLength = 80;

    public static void CheckAsn(long asn, string parameterName = "Asn")
    {
        if (asn < MinAsn || asn > MaxAsn)
            throw new ValidationException(parameterName,
                "-" + parameterName + " " + asn.ToString(CultureInfo.InvariantCulture) + " is out of range. A Direct Connect BGP peer's ASN is 1 to 4294967294 (2-byte and 4-byte ASNs; it is sent as asnLong).");
    }

    /// <summary>
    /// Null means "let AWS generate a key" and is allowed. Otherwise the key is 6 to 80 characters (the documented
    /// limits of NewBGPPeer.authKey) of printable ASCII, with no space at either end: the same key must be typed
    /// into the customer's router, whose configuration takes ASCII text and drops spaces at the ends, so a key
    /// of spaces alone (or " secret") could never match. Spaces between other characters are allowed. The
    /// message never repeats the key.
    /// </summary>
    public static void CheckAuthKey(string? authKey, string parameterName = "AuthKey")
    {
        if (authKey is null) return;
        if (authKey.Length < MinAuthKeyLength || authKey.Length > MaxAuthKeyLength)
            throw new ValidationException(parameterName,
                "-" + parameterName + " is " + (authKey.Length < MinAuthKeyLength ? "too short" : "too long") +
                ". A BGP MD5 auth key for Direct Connect is " + MinAuthKeyLength + " to " + MaxAuthKeyLength +
                " characters; leave -" + parameterName + " out to have AWS generate one.");
        if (authKey.Trim().Length == 0)
            throw new ValidationException(parameterName,
                "-" + parameterName + " is only spaces. " + AuthKeyRule + "; leave -" + parameterName + " out to have AWS generate one.");
        foreach (var c in authKey)
        {
            if (char.IsControl(c))
                throw new ValidationException(parameterName,
                    "-" + parameterName + " contains a control character (a line break or tab, say). " + AuthKeyRule + ".");
            if (c is < ' ' or > '~')
                throw new ValidationException(parameterName,
                    "-" + parameterName + " contains a character outside printable ASCII. " + AuthKeyRule + ".");
        }
        if (authKey[0] == ' ' || authKey[authKey.Length - 1] == ' ')
            throw new ValidationException(parameterName,
                "-" + parameterName + " starts or ends with a space, which router configuration drops, so the two ends would not match. " + AuthKeyRule + ".");
    }

    /// <summary>The auth-key rule, for messages.</summary>
    public const string AuthKeyRule =
        "A BGP MD5 auth key is 6 to 80 printable ASCII characters (letters, digits, punctuation, and spaces only between other characters)";

    /// <summary>A Direct Connect connection or LAG ID: <c>dxcon-</c> or <c>dxlag-</c> and 8 lowercase letters or digits.</summary>
    public static bool IsConnectionId(string? value) => AwsIds.IsValid(AwsIdKind.DxConnection, value);

    public static void CheckConnectionId(string? value, string parameterName = "ConnectionId") => AwsIds.Check(AwsIdKind.DxConnection, value, parameterName);

    /// <summary>
    /// Get-DxBgpPeer's selectors from its parameters, after checking each connection or LAG ID (the one parameter
    /// that binds without a validation attribute, so a bad ID in a CSV row fails that row alone, with the ID as the
    /// error's target).
    /// </summary>
    public static List<DxBgpPeerSelector> BuildSelectors(IReadOnlyList<string>? virtualInterfaceIds, IReadOnlyList<string>? connectionIds, IReadOnlyList<string>? bgpPeerIds)
    {
        foreach (var id in connectionIds ?? new string[0])
        {
            try
            {
                CheckConnectionId(id);
            }
            catch (ValidationException ex)
            {
                throw ex.For(id);
            }
        }
        return DxBgpPeerSelector.Combine(virtualInterfaceIds, connectionIds, bgpPeerIds);
    }

    /// <summary>Parses <c>address/prefix</c> strictly: a dotted quad with a prefix of 0–32, or an IPv6 address with 0–128.</summary>
    public static bool TryParseCidr(string? value, out IPAddress address, out int prefixLength)
    {
        address = IPAddress.None;
        prefixLength = -1;
        if (string.IsNullOrEmpty(value)) return false;
        var slash = value!.IndexOf('/');
        if (slash <= 0 || slash != value.LastIndexOf('/') || slash == value.Length - 1) return false;
        var ipText = value.Substring(0, slash);
        var prefixText = value.Substring(slash + 1);
        if (prefixText.Length > 3 || (prefixText.Length > 1 && prefixText[0] == '0')) return false;
        foreach (var c in prefixText) if (c is < '0' or > '9') return false;
        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (ipText.IndexOf(':') >= 0)
        {
            if (ipText.IndexOf('%') >= 0 || !IPAddress.TryParse(ipText, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || prefix > 128)
                return false;
            address = v6;
        }
        else
        {
            if (!RouteServerRules.IsIPv4(ipText) || prefix > 32) return false;
            address = IPAddress.Parse(ipText);
        }
        prefixLength = prefix;
        return true;
    }

    /// <summary>The address family of a valid CIDR, or null.</summary>
    public static AddressFamily? FamilyOf(string? cidr) =>
        TryParseCidr(cidr, out var ip, out _)
            ? ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? AddressFamily.IPv6 : AddressFamily.IPv4
            : null;

    /// <summary>True when both are valid CIDRs with the same address and prefix (so <c>2001:DB8::1/125</c> equals <c>2001:db8::1/125</c>).</summary>
    public static bool SameCidr(string? a, string? b)
    {
        if (!TryParseCidr(a, out var ipA, out var pA) || !TryParseCidr(b, out var ipB, out var pB))
            return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        return pA == pB && ipA.Equals(ipB);
    }

    /// <summary>Checks a CIDR address of the given family.</summary>
    public static void CheckCidr(string? value, AddressFamily family, string parameterName)
    {
        if (TryParseCidr(value, out _, out _) && FamilyOf(value) == family) return;
        var example = family == AddressFamily.IPv6 ? "2001:db8:1100:2f0::2/125" : "169.254.255.2/30";
        var what = family == AddressFamily.IPv6 ? "IPv6 address with a prefix length of 0 to 128" : "IPv4 address with a prefix length of 0 to 32";
        throw new ValidationException(parameterName,
            "'" + value + "' is not valid for -" + parameterName + ". Expected an " + what + " in CIDR notation, such as " + example + ".");
    }

    /// <summary>
    /// The address rules of CreateBGPPeer: IPv4 takes both addresses or neither (AWS then assigns a /30 from
    /// 169.254.0.0/16); IPv6 takes neither, because AWS always assigns IPv6 peer addresses.
    /// </summary>
    public static void CheckAddresses(AddressFamily family, string? amazonAddress, string? customerAddress)
    {
        var hasAmazon = !string.IsNullOrEmpty(amazonAddress);
        var hasCustomer = !string.IsNullOrEmpty(customerAddress);
        if (family == AddressFamily.IPv6)
        {
            if (hasAmazon || hasCustomer)
                throw new ValidationException(hasAmazon ? "AmazonAddress" : "CustomerAddress",
                    "-AmazonAddress and -CustomerAddress cannot be used with -AddressFamily IPv6: AWS assigns IPv6 BGP peer addresses from its own pool, and you cannot choose them. Leave both out.");
            return;
        }
        if (hasAmazon != hasCustomer)
            throw new ValidationException(hasAmazon ? "CustomerAddress" : "AmazonAddress",
                "Give both -AmazonAddress and -CustomerAddress, or neither (AWS then assigns a /30 from 169.254.0.0/16). Only -" +
                (hasAmazon ? "AmazonAddress" : "CustomerAddress") + " was given.");
        if (!hasAmazon) return;
        CheckCidr(amazonAddress, family, "AmazonAddress");
        CheckCidr(customerAddress, family, "CustomerAddress");
        TryParseCidr(amazonAddress, out var amazon, out var amazonPrefix);
        TryParseCidr(customerAddress, out var customer, out var customerPrefix);
        if (amazonPrefix != customerPrefix)
            throw new ValidationException("CustomerAddress",
                "-AmazonAddress (/" + amazonPrefix + ") and -CustomerAddress (/" + customerPrefix + ") must have the same prefix length: they are the two ends of one link, such as 169.254.255.1/30 and 169.254.255.2/30.");
        if (amazon.Equals(customer))
            throw new ValidationException("CustomerAddress",
                "-AmazonAddress and -CustomerAddress are the same address (" + customerAddress + "). They are the two ends of one link, such as 169.254.255.1/30 and 169.254.255.2/30.");
        if (!Network(amazon, amazonPrefix).Equals(Network(customer, customerPrefix)))
            throw new ValidationException("CustomerAddress",
                "-AmazonAddress " + amazonAddress + " and -CustomerAddress " + customerAddress + " are not in the same /" + amazonPrefix +
                " subnet. They are the two ends of one link, such as 169.254.255.1/30 and 169.254.255.2/30.");
        if (amazonPrefix <= 30)
        {
            foreach (var (name, ip, text) in new[] { ("AmazonAddress", amazon, amazonAddress), ("CustomerAddress", customer, customerAddress) })
            {
                if (ip.Equals(Network(ip, amazonPrefix)) || ip.Equals(Broadcast(ip, amazonPrefix)))
                    throw new ValidationException(name,
                        "-" + name + " " + text + " is the network or broadcast address of its /" + amazonPrefix + " subnet; use a host address, such as 169.254.255.1/30 or 169.254.255.2/30.");
            }
        }
    }

    /// <summary>Builds the CreateBGPPeer input, checking every rule first. The ASN is sent as <c>asnLong</c>.</summary>
    public static NewDxBgpPeerRequest BuildCreate(string virtualInterfaceId, AddressFamily addressFamily, long asn, string? authKey,
        string? amazonAddress, string? customerAddress)
    {
        amazonAddress = string.IsNullOrWhiteSpace(amazonAddress) ? null : amazonAddress!.Trim();
        customerAddress = string.IsNullOrWhiteSpace(customerAddress) ? null : customerAddress!.Trim();
        var request = new NewDxBgpPeerRequest
        {
            VirtualInterfaceId = virtualInterfaceId,
            AddressFamily = addressFamily,
            AsnLong = asn,
            AmazonAddress = amazonAddress,
            CustomerAddress = customerAddress,
        };
        try
        {
            AwsIds.Check(AwsIdKind.VirtualInterface, virtualInterfaceId, "VirtualInterfaceId");
            if (!Enum.IsDefined(typeof(AddressFamily), addressFamily))
                throw new ValidationException("AddressFamily", "-AddressFamily must be IPv4 or IPv6.");
            CheckAsn(asn);
            CheckAuthKey(authKey);
            CheckAddresses(addressFamily, amazonAddress, customerAddress);
        }
        catch (ValidationException ex)
        {
            // The error's target is the peer this input would create (its description never holds the key).
            throw ex.For(request);
        }
        request.AuthKey = authKey is null ? null : new MaskedString(authKey);
        return request;
    }

    public static DxBgpPeerDeleteRequest BuildDeleteById(string bgpPeerId)
    {
        AwsIds.Check(AwsIdKind.DxBgpPeer, bgpPeerId, "BgpPeerId");
        return DxBgpPeerDeleteRequest.ById(bgpPeerId);
    }

    /// <summary>DeleteBGPPeer by interface, ASN (sent as <c>asnLong</c>) and customer address (CIDR, either family).</summary>
    public static DxBgpPeerDeleteRequest BuildDeleteByKey(string virtualInterfaceId, long asn, string customerAddress)
    {
        AwsIds.Check(AwsIdKind.VirtualInterface, virtualInterfaceId, "VirtualInterfaceId");
        CheckAsn(asn);
        customerAddress = customerAddress?.Trim() ?? string.Empty;
        if (!TryParseCidr(customerAddress, out _, out _))
            throw new ValidationException("CustomerAddress",
                "'" + customerAddress + "' is not valid for -CustomerAddress. Expected the peer's customer address in CIDR notation, as Get-DxBgpPeer shows it, such as 169.254.255.2/30 or 2001:db8:1100:2f0::2/125.");
        return new DxBgpPeerDeleteRequest { VirtualInterfaceId = virtualInterfaceId, AsnLong = asn, CustomerAddress = customerAddress };
    }

    private static IPAddress Network(IPAddress ip, int prefix) => Mask(ip, prefix, setHostBits: false);

    private static IPAddress Broadcast(IPAddress ip, int prefix) => Mask(ip, prefix, setHostBits: true);

    private static IPAddress Mask(IPAddress ip, int prefix, bool setHostBits)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsHere = Math.Max(0, Math.Min(8, prefix - i * 8));
            var networkMask = (byte)(bitsHere == 0 ? 0 : 0xFF << (8 - bitsHere));
            bytes[i] = setHostBits ? (byte)(bytes[i] | ~networkMask) : (byte)(bytes[i] & networkMask);
        }
        return new IPAddress(bytes);
    }
}
