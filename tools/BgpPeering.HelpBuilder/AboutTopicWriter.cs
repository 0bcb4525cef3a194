using System.Text;

namespace BgpPeering.HelpBuilder;

/// <summary>
/// Writes an about_ topic as the plain text Get-Help shows (about_Name.help.txt): section titles in capitals at
/// the margin, sub-sections indented, paragraphs wrapped at 80 columns, code kept as written.
/// </summary>
public static class AboutTopicWriter
{
    private const int Width = 80;

    private static readonly System.Text.RegularExpressions.Regex ListMark = new(@"^(- |[0-9]+\. )");

    public static string Write(AboutDoc about)
    {
        var sb = new StringBuilder();
        sb.Append("TOPIC\n    ").Append(about.Name).Append("\n\n");
        for (var b = 0; b < about.Blocks.Count; b++)
        {
            var (level, text, isCode) = about.Blocks[b];
            if (isCode)
            {
                foreach (var line in text.Split('\n')) sb.Append("        ").Append(line.TrimEnd()).Append('\n');
                sb.Append('\n');
            }
            else if (level == 2)
            {
                sb.Append(text.ToUpperInvariant()).Append('\n');
            }
            else if (level >= 3)
            {
                sb.Append("  ").Append(text).Append('\n');
            }
            else
            {
                var indent = text.StartsWith("  ", StringComparison.Ordinal) ? "      " : "    ";
                var mark = ListMark.Match(text.TrimStart());
                Wrap(sb, text.Trim(), indent, mark.Success ? indent + new string(' ', mark.Length) : indent);
                // Items of one list stay together; anything else is followed by a blank line.
                var next = b + 1 < about.Blocks.Count ? about.Blocks[b + 1] : default;
                var nextIsItem = next.Text is not null && next.Level == 0 && !next.IsCode && (ListMark.IsMatch(next.Text) || next.Text.StartsWith("  ", StringComparison.Ordinal));
                if (!(mark.Success || text.StartsWith("  ", StringComparison.Ordinal)) || !nextIsItem) sb.Append('\n');
            }
        }
        return sb.ToString().TrimEnd('\n') + "\n";
    }

    private static void Wrap(StringBuilder sb, string text, string first, string rest)
    {
        foreach (var hardLine in text.Split('\n'))
        {
            var line = new StringBuilder(first);
            var empty = true;
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    sb.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(rest);
                    empty = true;
                }
                if (!empty) line.Append(' ');
                line.Append(word);
                empty = false;
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
            first = rest;
        }
    }
}
