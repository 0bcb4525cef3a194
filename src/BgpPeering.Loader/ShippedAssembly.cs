using System;
using System.Reflection;

namespace BgpPeering.Loader
{
    /// <summary>One assembly file the module ships: its identity, where it is, and whether it belongs to the engine's
    /// own load context (the <c>isolated/</c> folder) or to the process-wide one (the module's root folder).</summary>
    public sealed class ShippedAssembly
    {
        public ShippedAssembly(AssemblyName name, string path, bool isolated)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            if (string.IsNullOrEmpty(name.Name)) throw new ArgumentException("The assembly name has no simple name.", nameof(name));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Isolated = isolated;
        }

        /// <summary>The identity read from the file's metadata: name, version, culture and public key token.</summary>
        public AssemblyName Name { get; }

        public string Path { get; }

        /// <summary>True for the files in the module's <c>isolated/</c> folder: the AWSSDK half of the engine and AWSSDK itself.</summary>
        public bool Isolated { get; }

        public override string ToString() => Name.FullName + (Isolated ? " (isolated) " : " ") + Path;
    }
}
