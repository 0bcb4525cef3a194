using System;
using System.Globalization;
using System.Numerics;

namespace BgpPeering.Engine.Model.Validation
{
    /// <summary>
    /// Whole numbers from loose input (a typed number, or text from a CSV cell), refusing what PowerShell's own
    /// conversion would round: <c>65001.5</c> is an error, never 65002. Used for every ASN parameter.
    /// </summary>
    public static class NumberInput
    {
        /// <summary>
        /// Returns <paramref name="value"/> as a long when it is a whole number; throws a <see cref="ValidationException"/>
        /// naming <paramref name="parameterName"/> and <paramref name="range"/> when it is fractional, not a number, or
        /// beyond a long. Null and other types are returned unchanged (PowerShell's binder then handles them).
        /// </summary>
        public static object? ToWholeNumber(object? value, string parameterName, string range)
        {
            switch (value)
            {
                case null:
                    return null;
                case long or int or short or sbyte or byte or ushort or uint:
                    return Convert.ToInt64(value, CultureInfo.InvariantCulture);
                case ulong u:
                    if (u > long.MaxValue) throw OutOfRange(parameterName, u.ToString(CultureInfo.InvariantCulture), range);
                    return (long)u;
                case BigInteger big:
                    if (big > long.MaxValue || big < long.MinValue) throw OutOfRange(parameterName, big.ToString(CultureInfo.InvariantCulture), range);
                    return (long)big;
                case double d:
                    return FromDouble(d, d.ToString("R", CultureInfo.InvariantCulture), parameterName, range);
                case float f:
                    return FromDouble(f, f.ToString("R", CultureInfo.InvariantCulture), parameterName, range);
                case decimal m:
                    if (decimal.Truncate(m) != m) throw Fractional(parameterName, m.ToString(CultureInfo.InvariantCulture), range);
                    if (m > long.MaxValue || m < long.MinValue) throw OutOfRange(parameterName, m.ToString(CultureInfo.InvariantCulture), range);
                    return (long)m;
                case string s:
                    return FromText(s, parameterName, range);
                default:
                    return value;
            }
        }

        private static long FromDouble(double d, string text, string parameterName, string range)
        {
            if (double.IsNaN(d) || double.IsInfinity(d)) throw NotANumber(parameterName, text, range);
            if (Math.Floor(d) != d) throw Fractional(parameterName, text, range);
            // 2^63 is the first double beyond a long.
            if (d >= 9223372036854775808.0 || d < -9223372036854775808.0) throw OutOfRange(parameterName, text, range);
            return (long)d;
        }

        private static long FromText(string s, string parameterName, string range)
        {
            var text = s.Trim();
            if (text.Length == 0)
                throw new ValidationException(parameterName, "-" + parameterName + " is empty. Expected a whole number, " + range + ".");
            var digits = text[0] is '+' or '-' ? text.Substring(1) : text;
            var allDigits = digits.Length > 0;
            foreach (var c in digits) if (c is < '0' or > '9') { allDigits = false; break; }
            if (allDigits)
            {
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
                throw OutOfRange(parameterName, s, range);
            }
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && decimal.Truncate(m) != m)
                throw Fractional(parameterName, s, range);
            throw NotANumber(parameterName, s, range);
        }

        private static ValidationException Fractional(string parameterName, string text, string range) =>
            new(parameterName, "-" + parameterName + " '" + text + "' is not a whole number. Expected a whole number, " + range +
                "; a fraction is refused rather than rounded (asdot notation such as 1.10 is not accepted: give the plain number, 65546).");

        private static ValidationException NotANumber(string parameterName, string text, string range) =>
            new(parameterName, "-" + parameterName + " '" + text + "' is not a number. Expected a whole number in decimal digits, " + range + ".");

        private static ValidationException OutOfRange(string parameterName, string text, string range) =>
            new(parameterName, "-" + parameterName + " " + text + " is out of range. Expected a whole number, " + range + ".");
    }
}
