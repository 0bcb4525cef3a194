using BgpPeering.Engine.Model;
using Xunit;

namespace BgpPeering.Tests.Engine.Model;

/// <summary>BgpPeerChange.Fold: how the plan table wraps its Peer and Reason columns.</summary>
public sealed class BgpPeerChangeTests
{
    [Theory]
    [InlineData(null, 10, "")]
    [InlineData("", 10, "")]
    [InlineData("matches the row", 15, "matches the row")]
    [InlineData("PeerAsn 65020 → 65022; replaced (delete and create)", 36, "PeerAsn 65020 → 65022; replaced\n(delete and create)")]
    [InlineData("IPv6 AS65010 2001:db8:1100:2f0::2/125", 30, "IPv6 AS65010\n2001:db8:1100:2f0::2/125")]
    [InlineData("a b c d e f", 3, "a b\nc d\ne f")]
    public void Fold_breaks_at_spaces_within_the_width(string? text, int width, string expected) =>
        Assert.Equal(expected, BgpPeerChange.Fold(text, width));

    [Fact]
    public void Fold_puts_a_word_longer_than_the_width_on_a_line_of_its_own_and_loses_no_character()
    {
        const string text = "key 2001:0db8:0000:0000:0000:ff00:0042:8329/128 differs";
        var folded = BgpPeerChange.Fold(text, 12);
        Assert.Equal(["key", "2001:0db8:0000:0000:0000:ff00:0042:8329/128", "differs"], folded.Split('\n'));
        Assert.Equal(text, folded.Replace('\n', ' '));
    }
}
