using System;

namespace BgpPeering.Engine.Model.Validation
{
    /// <summary>
    /// Enum values from loose input, strictly. PowerShell skips a by-property-name binding whose conversion fails, so a
    /// CSV cell such as <c>Bdf</c> would silently leave the parameter at its default; parsing here makes it an error
    /// that names the parameter and every valid value. Names match case-insensitively, and AWS's wire spellings
    /// (<c>bgp-keepalive</c>, <c>ipv6</c>) are accepted too. Numbers are refused: they are not names.
    /// </summary>
    public static class EnumInput
    {
        /// <summary>
        /// The enum value <paramref name="value"/> names, or <paramref name="whenEmpty"/> for empty text (an empty CSV
        /// cell means "not given"). Values already of the enum type pass through; other types are returned unchanged.
        /// </summary>
        public static object? Parse(Type enumType, object? value, string parameterName, object? whenEmpty)
        {
            if (value is null || value.GetType() == enumType) return value;
            if (value is not string text)
            {
                if (value is Enum || IsNumber(value)) throw Invalid(enumType, value.ToString() ?? string.Empty, parameterName);
                return value;
            }
            var name = text.Trim();
            if (name.Length == 0)
            {
                if (whenEmpty is not null) return whenEmpty;
                throw Invalid(enumType, text, parameterName);
            }
            foreach (var candidate in Enum.GetNames(enumType))
            {
                if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase)) return Enum.Parse(enumType, candidate);
            }
            var wire = Wire(enumType, name);
            if (wire is not null) return wire;
            throw Invalid(enumType, text, parameterName);
        }

        /// <summary>The valid names, for messages: "BgpKeepalive, Bfd".</summary>
        public static string ValidNames(Type enumType) => string.Join(", ", Enum.GetNames(enumType));

        private static object? Wire(Type enumType, string name)
        {
            if (enumType == typeof(PeerLivenessDetection)) return WireNames.ParseLiveness(name);
            if (enumType == typeof(AddressFamily))
            {
                return name.ToLowerInvariant() switch
                {
                    "ipv4" => AddressFamily.IPv4,
                    "ipv6" => AddressFamily.IPv6,
                    _ => null,
                };
            }
            return null;
        }

        private static bool IsNumber(object value) =>
            value is sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal;

        private static ValidationException Invalid(Type enumType, string text, string parameterName)
        {
            var wire = enumType == typeof(PeerLivenessDetection) ? " (or AWS's spellings bgp-keepalive and bfd)"
                : enumType == typeof(AddressFamily) ? " (or ipv4 and ipv6, as AWS writes them)" : string.Empty;
            return new ValidationException(parameterName,
                "'" + text + "' is not a valid value for -" + parameterName + ". Expected one of: " + ValidNames(enumType) + wire + ".");
        }
    }
}
