using System;

namespace BgpPeering.Engine.Model
{
    /// <summary>
    /// A secret (a BGP auth key) that never shows itself by accident: <see cref="ToString"/> is a fixed mask,
    /// and it has no public property for <c>Format-List *</c>, <c>Export-Csv</c> or <c>ConvertTo-Json</c> to find.
    /// Call <see cref="Reveal"/> to read it on purpose.
    /// </summary>
    public sealed class MaskedString : IEquatable<MaskedString>
    {
        /// <summary>What every display of a secret shows. Fixed, so the length is not given away.</summary>
        public const string Mask = "********";

        private readonly string _value;

        public MaskedString(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

        /// <summary>The secret in clear. Only call this to hand the key to a router configuration.</summary>
        public string Reveal() => _value;

        public override string ToString() => Mask;

        public bool Equals(MaskedString? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is MaskedString m && Equals(m);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

        public static MaskedString? FromNullable(string? value) => string.IsNullOrEmpty(value) ? null : new MaskedString(value!);
    }
}
