using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace BgpPeering.Tests.Module;

/// <summary>XSD validation that collects every error instead of stopping at the first.</summary>
public static class SchemaValidation
{
    /// <summary>Loads a schema and everything it includes or imports, resolving file names case-insensitively
    /// (the MAML schemas import "maml.xsd" while the file is Maml.xsd).</summary>
    public static XmlSchemaSet Load(string schemaPath)
    {
        var errors = new List<string>();
        var resolver = new CaseInsensitiveFileResolver();
        var set = new XmlSchemaSet { XmlResolver = resolver };
        set.ValidationEventHandler += (_, e) => errors.Add(e.Severity + ": " + e.Message);
        using (var reader = XmlReader.Create(schemaPath, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = resolver }))
            set.Add(null, reader);
        set.Compile();
        if (errors.Any(e => e.StartsWith("Error", StringComparison.Ordinal)))
            throw new InvalidOperationException("The schema " + schemaPath + " does not compile:\n" + string.Join("\n", errors));
        return set;
    }

    /// <summary>Validates an element (and its subtree) as a document root against the set; returns the problems.</summary>
    public static List<string> Validate(XmlSchemaSet set, XElement root, string what)
    {
        var problems = new List<string>();
        var doc = new XDocument(new XElement(root));
        doc.Validate(set, (_, e) => problems.Add(what + ": " + e.Severity + ": " + e.Message), addSchemaInfo: false);
        return problems;
    }

    private sealed class CaseInsensitiveFileResolver : XmlUrlResolver
    {
        public override Uri ResolveUri(Uri? baseUri, string? relativeUri)
        {
            var uri = base.ResolveUri(baseUri, relativeUri);
            if (uri.IsFile && !File.Exists(uri.LocalPath))
            {
                var dir = Path.GetDirectoryName(uri.LocalPath);
                var name = Path.GetFileName(uri.LocalPath);
                if (dir is not null && Directory.Exists(dir))
                {
                    var match = Directory.GetFiles(dir).FirstOrDefault(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase));
                    if (match is not null) return new Uri(match);
                }
            }
            return uri;
        }
    }
}
