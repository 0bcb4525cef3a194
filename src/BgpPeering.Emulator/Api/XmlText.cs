using System.Text;

namespace BgpPeering.Emulator.Api;

/// <summary>Text an XML document can carry: characters XML 1.0 does not allow become U+FFFD, so an error never fails to write.</summary>
internal static class XmlText
{
    public static string Safe(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = System.Xml.XmlConvert.IsXmlChar(c)
                || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));
            if (ok && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (!ok && sb is null) sb = new StringBuilder(text, 0, i, text.Length);
            sb?.Append(ok ? c : '\uFFFD');
        }
        return sb?.ToString() ?? text;
    }
}
