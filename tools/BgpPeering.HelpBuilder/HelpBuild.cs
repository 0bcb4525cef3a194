namespace BgpPeering.HelpBuilder;

/// <summary>The whole docs-to-help step: every cmdlet file into one MAML file, every about_ file into a .help.txt.</summary>
public static class HelpBuild
{
    public const string DefaultHelpFile = "BgpPeering.dll-Help.xml";

    /// <summary>Builds the help; returns the files written.</summary>
    public static List<string> Run(string docsFolder, string outputFolder)
    {
        if (!Directory.Exists(docsFolder)) throw new InvalidOperationException("The docs folder " + docsFolder + " does not exist.");
        var commands = MarkdownDocs.ReadCommands(docsFolder);
        if (commands.Count == 0) throw new InvalidOperationException("No cmdlet markdown (Verb-Noun.md) in " + docsFolder + ".");
        var written = new List<string>();
        foreach (var group in commands.GroupBy(HelpFileOf))
        {
            var path = Path.Combine(outputFolder, group.Key);
            MamlWriter.Save(MamlWriter.Write(group), path);
            written.Add(path);
        }
        foreach (var aboutPath in Directory.GetFiles(docsFolder, "about_*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            var about = MarkdownDocs.ReadAbout(aboutPath);
            var path = Path.Combine(outputFolder, about.Name + ".help.txt");
            File.WriteAllText(path, AboutTopicWriter.Write(about), new System.Text.UTF8Encoding(false));
            written.Add(path);
        }
        return written;
    }

    /// <summary>The front matter's "external help file", which must name a .dll-Help.xml file.</summary>
    public static string HelpFileOf(CommandDoc doc)
    {
        var name = doc.FrontMatter.TryGetValue("external help file", out var f) && f.Length > 0 ? f : DefaultHelpFile;
        if (!name.EndsWith("-Help.xml", StringComparison.OrdinalIgnoreCase) || name.IndexOfAny(['/', '\\']) >= 0)
            throw new DocFormatException(doc.SourcePath, "'external help file' must be a file name ending in -Help.xml, not '" + name + "'.");
        return name;
    }
}
