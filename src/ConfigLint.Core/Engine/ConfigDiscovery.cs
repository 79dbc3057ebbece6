using System.IO.Enumeration;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>One configuration to analyse: a directory and which of its files play main.cf, master.cf and aliases.</summary>
/// <param name="Boundary">Where its files' symbolic links may lead (<see cref="AnalysisRoot.BoundaryFor"/>); null: its own directory.</param>
/// <param name="Top">What discovery's listing showed directly in the directory, when that was files only (see <see cref="ConfigTree"/>); null: not known.</param>
public sealed record ConfigInput(string Directory, string DisplayPrefix, ConfigFiles Files, string? Boundary = null, TopFiles? Top = null)
{
    /// <summary>The roles (bits of <see cref="ConfigDiscovery.FileRole"/>) whose file discovery skipped as a template, so that the run says "skipped", not "no main.cf".</summary>
    public int SkippedTemplates { get; init; }

    /// <summary>
    /// Whether discovery found the directory as a subdirectory of one it walked, listed as no symbolic
    /// link (so its real path is its parent's with its name: <see cref="InputFile.RememberNoLinkAt"/>).
    /// </summary>
    public bool ListedAsNoLink { get; init; }

    /// <summary>Whether this role's file is absent because discovery skipped it as a template.</summary>
    public bool SkippedAsTemplate(ConfigDiscovery.FileRole role) => (SkippedTemplates & (1 << (int)role)) != 0;
}

/// <summary>A path the user gave that cannot be analysed (exit code 2).</summary>
public sealed record InputError(string Path, string Message);

/// <summary>A file that looks like a Postfix file but was not read as one, and why (reported, never silent).</summary>
public sealed record SkippedFile(string DisplayPath, string Reason);

/// <summary>What <see cref="ConfigDiscovery.Find"/> found.</summary>
/// <param name="EmptyPaths">Directory paths under which no configuration was found (searched, with readable settings).</param>
/// <param name="Excluded">How many named files were left out by an <c>exclude:</c> glob (not an error: pre-commit names them too).</param>
public sealed record Discovery(IReadOnlyList<ConfigInput> Inputs, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<InputError> Errors, IReadOnlyList<string> EmptyPaths, int Excluded);

/// <summary>
/// Turns command-line paths into configurations.
/// <list type="bullet">
/// <item>A directory is searched recursively: every directory that holds <c>main.cf</c>,
/// <c>master.cf</c> or <c>aliases</c> is one configuration. <c>.git</c>, <c>node_modules</c>,
/// <c>bin</c>, <c>obj</c>, directories excluded by <c>.configlint.yml</c> and symbolic links to
/// directories are not entered.</item>
/// <item>Named files are grouped by directory, and their siblings are read too: pre-commit passes
/// only the changed files, but master.cf means nothing without main.cf, so the whole
/// configuration is analysed. A file is main.cf, master.cf or aliases by its name (<c>main.cf</c>,
/// <c>*main.cf*</c>, …); each named main.cf variant is its own configuration (corpora keep
/// variants side by side).</item>
/// <item>Templates (<c>*.j2</c>, <c>*.erb</c>, …, or text with <c>{{</c>, <c>{%</c>, <c>&lt;%</c>)
/// are not Postfix files: each is reported as skipped, unless <c>templates: check</c>.</item>
/// </list>
/// The same configuration reached by several spellings (<c>D</c>, <c>D/</c>, <c>./D</c>,
/// <c>D/main.cf</c>) is analysed once.
/// </summary>
public static class ConfigDiscovery
{
    public enum FileRole
    {
        Unknown,
        MainCf,
        MasterCf,
        Aliases,
    }

    /// <summary>The Postfix file names a directory search looks for.</summary>
    public static readonly IReadOnlyList<string> PostfixFileNames = ["main.cf", "master.cf", "aliases"];

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "node_modules", "bin", "obj" };

    /// <summary>File name endings of template languages (Jinja, ERB, Go and other .tmpl/.tpl, autoconf .in).</summary>
    private static readonly string[] TemplateExtensions = [".j2", ".jinja", ".jinja2", ".erb", ".tmpl", ".tpl", ".in"];

    /// <summary>How many sibling directories make reading them ahead of the walk worth its threads.</summary>
    private const int ReadAheadFrom = 64;

    /// <summary>How many directories may be read ahead of the one the walk is at (memory stays flat for any number).</summary>
    private const int ReadAheadWindow = 256;

    /// <summary>Why a file with template markup is not read (<see cref="LooksLikeTemplate"/>).</summary>
    private const string TemplateTextReason = "a template (it holds {{, {% or <%), not read as a Postfix file (templates: check in .configlint.yml reads it)";

    /// <summary>How much of a file is scanned for template markers.</summary>
    private const int TemplateScanLimit = 1 << 20;

    public static FileRole RoleOf(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name.Contains("master.cf", StringComparison.Ordinal))
        {
            return FileRole.MasterCf;
        }

        if (name.Contains("main.cf", StringComparison.Ordinal))
        {
            return FileRole.MainCf;
        }

        if (name.Contains("aliases", StringComparison.Ordinal) && !name.EndsWith(".db", StringComparison.Ordinal))
        {
            return FileRole.Aliases;
        }

        return FileRole.Unknown;
    }

    /// <summary>The template language a file name says, or null (<c>main.cf.j2</c> → Jinja).</summary>
    public static string? TemplateByName(string fileName)
    {
        var ext = TemplateExtensions.FirstOrDefault(e => fileName.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return ext switch
        {
            null => null,
            ".j2" or ".jinja" or ".jinja2" => "a Jinja template",
            ".erb" => "an ERB template",
            ".in" => "a template (.in)",
            _ => "a template",
        };
    }

    /// <summary>
    /// True when text holds template markup: <c>{{</c>, <c>{%</c> or <c>&lt;%</c>. Postfix files use
    /// <c>{{</c> in two places that are not templates: the <c>${{…}}</c> conditional and an inline
    /// pattern table (<c>cidr:{{!172.16.0.42 REJECT}}</c>, <c>pcre:{{/^x/ y}}</c>, postconf(5)
    /// "inline:" and the tables that take the same braces), so a <c>{{</c> right after <c>$</c> or
    /// <c>:</c> is Postfix's own.
    /// </summary>
    /// <remarks>
    /// It reads the UTF-8 bytes without decoding them: the marks are ASCII, and in UTF-8 an ASCII byte is
    /// always that character (no byte of a longer sequence, valid or not, is below 0x80).
    /// </remarks>
    public static bool LooksLikeTemplate(ReadOnlySpan<byte> text)
    {
        // Only a '{' or '<' can start a mark: the search for them is vectorised (a fleet's discovery
        // looks into 20,000 files, and a byte-by-byte loop was a seventh of its reading threads' time).
        var i = 0;
        while (i + 1 < text.Length)
        {
            var found = text[i..^1].IndexOfAny((byte)'{', (byte)'<');
            if (found < 0)
            {
                return false;
            }

            i += found;
            var c = text[i];
            var next = text[i + 1];
            if ((c == '{' && next == '{' && (i == 0 || text[i - 1] is not ((byte)'$' or (byte)':'))) || (c == '{' && next == '%') || (c == '<' && next == '%'))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    /// <summary>
    /// Finds the configurations under <paramref name="paths"/>. <paramref name="settingsFor"/> gives
    /// the settings that apply to a directory (its excludes and template choice), or null when
    /// they cannot be read (the caller reports why; that directory is then not searched).
    /// </summary>
    /// <param name="paths">The paths named on the command line.</param>
    /// <param name="workingDirectory">What relative paths are relative to.</param>
    /// <param name="settingsFor">The settings of a directory.</param>
    /// <param name="boundaryFor">Where the files of a path named on the command line may lead (see <see cref="AnalysisRoot"/>); null: each configuration's own directory.</param>
    /// <param name="readers">
    /// How many threads may list the subdirectories of a large directory, and look into their Postfix
    /// files, ahead of the walk (<see cref="OrderedWork{T}"/>); 0: the walk reads each itself. What is found,
    /// and in which order, is the same either way.
    /// </param>
    /// <param name="settingsForUnset">
    /// The settings of a directory its listing shows to hold no settings file itself (nothing named
    /// like .configlint.yml): the same answer as <paramref name="settingsFor"/> without looking for one
    /// there (two lstat(2) calls a directory of a fleet, on the walk's thread). Null: settingsFor.
    /// </param>
    public static Discovery Find(IEnumerable<string> paths, string workingDirectory, Func<string, ConfigLintSettings?> settingsFor, Func<string, string>? boundaryFor = null, int readers = 0, Func<string, ConfigLintSettings?>? settingsForUnset = null)
    {
        var lookup = new SettingsLookup(settingsFor, settingsForUnset ?? settingsFor);
        var inputs = new List<ConfigInput>();
        var skipped = new List<SkippedFile>();
        var errors = new List<InputError>();
        var empty = new List<string>();
        var excluded = 0;
        var named = new Dictionary<string, List<(string Name, FileRole Role)>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = FullPath(path, workingDirectory);
            if (Directory.Exists(full))
            {
                if (settingsFor(full) is { } dirSettings && dirSettings.IsExcluded(full))
                {
                    skipped.Add(new SkippedFile(DisplayPrefix(full, workingDirectory).TrimEnd('/'), $"excluded by exclude: in {dirSettings.DisplayPath}"));
                    excluded++;
                    continue;
                }

                var before = inputs.Count;
                Search(full, workingDirectory, lookup, inputs, skipped, isRoot: true, boundaryFor?.Invoke(full), readers);
                if (inputs.Count == before && settingsFor(full) is not null)
                {
                    empty.Add(path);
                }

                continue;
            }

            if (!File.Exists(full))
            {
                errors.Add(new InputError(path, $"{path}: no such file or directory"));
                continue;
            }

            var dir = Path.GetDirectoryName(full)!;
            var name = Path.GetFileName(full);
            var settings = settingsFor(dir);
            if (settings is null)
            {
                continue;
            }

            if (settings.IsExcluded(full))
            {
                skipped.Add(new SkippedFile(DisplayPath(full, workingDirectory), $"excluded by exclude: in {settings.DisplayPath}"));
                excluded++;
                continue;
            }

            var template = TemplateByName(name) ?? (IsTemplateText(full, boundaryFor?.Invoke(full)) ? "a template (it holds {{, {% or <%)" : null);
            var role = RoleOf(name);
            if (role == FileRole.Unknown)
            {
                errors.Add(new InputError(path, $"{path}: not a Postfix configuration file (expected a name containing main.cf, master.cf or aliases)"));
                continue;
            }

            if (template is not null && settings.Templates == TemplateMode.Skip)
            {
                skipped.Add(new SkippedFile(DisplayPath(full, workingDirectory), $"{template}, not read as a Postfix file (templates: check in .configlint.yml reads it)"));
                continue;
            }

            if (!named.TryGetValue(dir, out var list))
            {
                named[dir] = list = [];
            }

            list.Add((name, role));
        }

        foreach (var (dir, files) in named)
        {
            // A sibling that was not named is read with them, unless it is a template (as a search would skip it).
            var boundary = boundaryFor?.Invoke(dir);
            var templates = settingsFor(dir)?.Templates ?? TemplateMode.Skip;
            string? Sibling(string name)
            {
                var full = Path.Combine(dir, name);
                if (templates != TemplateMode.Skip || !File.Exists(full) || !IsTemplateText(full, boundary))
                {
                    return name;
                }

                skipped.Add(new SkippedFile(DisplayPath(full, workingDirectory), TemplateTextReason));
                return null;
            }

            inputs.AddRange(GroupNamed(dir, files, workingDirectory, boundary, Sibling));
        }

        // The same configuration named as a directory and by its files is one, whether or not its listing came with it.
        var unique = inputs.DistinctBy(i => i with { Top = null, SkippedTemplates = 0, ListedAsNoLink = false }).ToList();
        return new Discovery(unique, skipped.DistinctBy(s => s.DisplayPath).ToList(), errors, empty, excluded);
    }

    /// <summary>
    /// Named files of one directory: each named main.cf is its own configuration; master.cf and
    /// aliases join the first main.cf of their directory, and further master.cf or aliases
    /// variants make configurations of their own.
    /// </summary>
    /// <param name="sibling">The name a role's file is read under when none of that role was named (null: not read).</param>
    private static IEnumerable<ConfigInput> GroupNamed(string dir, List<(string Name, FileRole Role)> files, string workingDirectory, string? boundary, Func<string, string?> sibling)
    {
        var mains = files.Where(f => f.Role == FileRole.MainCf).Select(f => f.Name).Distinct().ToList();
        var masters = files.Where(f => f.Role == FileRole.MasterCf).Select(f => f.Name).Distinct().ToList();
        var aliases = files.Where(f => f.Role == FileRole.Aliases).Select(f => f.Name).Distinct().ToList();
        var defaultMain = mains.Count > 0 ? mains[0] : sibling("main.cf");
        var defaultMaster = masters.Count > 0 ? masters[0] : sibling("master.cf");
        var defaultAliases = aliases.Count > 0 ? aliases[0] : sibling("aliases");
        var prefix = DisplayPrefix(dir, workingDirectory);

        // A role left without a file here was skipped as a template (sibling gives null for nothing else).
        var skippedTemplates = (defaultMain is null ? 1 << (int)FileRole.MainCf : 0)
            | (defaultMaster is null ? 1 << (int)FileRole.MasterCf : 0)
            | (defaultAliases is null ? 1 << (int)FileRole.Aliases : 0);
        yield return new ConfigInput(dir, prefix, new ConfigFiles(defaultMain, defaultMaster, defaultAliases), boundary) { SkippedTemplates = skippedTemplates };
        foreach (var m in mains.Skip(1))
        {
            yield return new ConfigInput(dir, prefix, new ConfigFiles(m, defaultMaster, defaultAliases), boundary);
        }

        foreach (var m in masters.Skip(1))
        {
            yield return new ConfigInput(dir, prefix, new ConfigFiles(defaultMain, m, null), boundary);
        }

        foreach (var a in aliases.Skip(1))
        {
            yield return new ConfigInput(dir, prefix, new ConfigFiles(null, null, a), boundary);
        }
    }

    /// <param name="readers">Threads that may read ahead for the subdirectories (0: none, or a read-ahead is already running above).</param>
    /// <param name="listed">The directory as a read-ahead found it, or null to read it here.</param>
    private static void Search(string dir, string workingDirectory, SettingsLookup settingsFor, List<ConfigInput> inputs, List<SkippedFile> skipped, bool isRoot, string? boundary, int readers, Listing? listed = null)
    {
        var settings = listed is { Error: null, IsUnread: false } && !listed.MayHoldSettings ? settingsFor.Unset(dir) : settingsFor.Any(dir);
        if (settings is null || (!isRoot && settings.IsExcluded(dir)))
        {
            return;
        }

        if (!isRoot && listed is null)
        {
            // A subdirectory is walked only when its parent listed it as no link.
            InputFile.RememberNoLinkAt(dir);
        }

        listed ??= Listing.Read(dir, boundary);
        if (listed.Error is { } error)
        {
            skipped.Add(new SkippedFile(DisplayPrefix(dir, workingDirectory), $"directory cannot be read: {error}"));
            return;
        }

        var entries = listed.Entries;
        string? main = null, master = null, aliases = null;

        // The roles whose file was skipped as a template: that file is not read in their place.
        var skippedRoles = 0;
        var subdirectories = new List<string>();
        var holdsDirectory = false;
        foreach (var info in entries)
        {
            var entry = info.FullName;
            var name = info.Name;

            // A link to a directory is listed as a directory (its target is one) and as a link.
            if (info.IsDirectory)
            {
                holdsDirectory = true;
                // A link to a directory is not followed: it may lead out of the tree, or in a circle.
                if (!info.IsLink && !SkippedDirectories.Contains(name))
                {
                    subdirectories.Add(entry);
                }

                continue;
            }

            if (settings.IsExcluded(entry))
            {
                continue;
            }

            var role = PostfixFileNames.Contains(name) ? RoleOf(name) : FileRole.Unknown;
            var byName = role == FileRole.Unknown ? TemplateByName(name) : null;
            if (byName is not null)
            {
                // main.cf.j2, master.cf.erb …: a Postfix file in a template language.
                var stripped = name[..name.LastIndexOf('.')];
                var templateRole = RoleOf(stripped);
                if (templateRole == FileRole.Unknown)
                {
                    continue;
                }

                if (settings.Templates == TemplateMode.Skip)
                {
                    skipped.Add(new SkippedFile(DisplayPath(entry, workingDirectory), $"{byName}, not read as a Postfix file (templates: check in .configlint.yml reads it)"));
                    continue;
                }

                role = templateRole;
            }
            else if (role != FileRole.Unknown && settings.Templates == TemplateMode.Skip && listed.IsTemplateText(entry, boundary))
            {
                skipped.Add(new SkippedFile(DisplayPath(entry, workingDirectory), TemplateTextReason));
                skippedRoles |= 1 << (int)role;
                continue;
            }

            // An exact name wins over a template variant of the same role. (The usual names are kept as
            // the one string each, not one per directory: a fleet keeps them until it is checked.)
            switch (role)
            {
                case FileRole.MainCf when main is null || name == "main.cf":
                    main = name == "main.cf" ? "main.cf" : name;
                    break;
                case FileRole.MasterCf when master is null || name == "master.cf":
                    master = name == "master.cf" ? "master.cf" : name;
                    break;
                case FileRole.Aliases when aliases is null || name == "aliases":
                    aliases = name == "aliases" ? "aliases" : name;
                    break;
            }
        }

        if (main is not null || master is not null || aliases is not null)
        {
            string? Unless(FileRole role, string name) => (skippedRoles & (1 << (int)role)) != 0 ? null : name;
            var files = new ConfigFiles(main ?? Unless(FileRole.MainCf, "main.cf"), master ?? Unless(FileRole.MasterCf, "master.cf"), aliases ?? Unless(FileRole.Aliases, "aliases"));
            var top = holdsDirectory ? null : TopFiles.Of(entries.Select(e => e.Name));
            inputs.Add(new ConfigInput(dir, DisplayPrefix(dir, workingDirectory), files == ConfigFiles.Standard ? ConfigFiles.Standard : files, boundary, top) { SkippedTemplates = skippedRoles, ListedAsNoLink = !isRoot });
        }

        if (readers > 0 && subdirectories.Count >= ReadAheadFrom)
        {
            // A fleet's directory of thousands of configurations: their listings and template checks are
            // read on other threads, at most ReadAheadWindow ahead, while this one applies the settings,
            // the exclusions and every decision in the same order as below.
            using var ahead = new OrderedWork<Listing>(subdirectories.Count, readers, ReadAheadWindow, i => Listing.ReadAhead(subdirectories[i], boundary));
            for (var i = 0; i < subdirectories.Count; i++)
            {
                var listing = ahead.Take(i);
                Search(subdirectories[i], workingDirectory, settingsFor, inputs, skipped, isRoot: false, boundary, readers: 0, listing.IsUnread ? null : listing);
            }

            return;
        }

        foreach (var sub in subdirectories)
        {
            Search(sub, workingDirectory, settingsFor, inputs, skipped, isRoot: false, boundary, readers);
        }
    }

    /// <summary>How the walk asks for a directory's settings: <see cref="Unset"/> when its listing shows no settings file in it.</summary>
    private sealed record SettingsLookup(Func<string, ConfigLintSettings?> Any, Func<string, ConfigLintSettings?> Unset);

    /// <summary>
    /// A directory's entries, sorted by path, and which of its Postfix files (by exact name) hold
    /// template markup, as far as that was looked at; or why the directory could not be listed.
    /// </summary>
    private sealed class Listing
    {
        private readonly Dictionary<string, bool>? templates;

        private Listing(DirectoryEntry[] entries, string? error, Dictionary<string, bool>? templates)
        {
            Entries = entries;
            Error = error;
            this.templates = templates;
        }

        public DirectoryEntry[] Entries { get; }

        /// <summary>Whether an entry is named like a settings file (.configlint.yml, .configlint.yaml; in any case, for file systems that ignore it).</summary>
        public bool MayHoldSettings
        {
            get
            {
                foreach (var entry in Entries)
                {
                    var name = entry.FullName.AsSpan(entry.FullName.LastIndexOf(Path.DirectorySeparatorChar) + 1);
                    foreach (var settingsName in ConfigLintSettings.FileNames)
                    {
                        if (name.Equals(settingsName, StringComparison.OrdinalIgnoreCase))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        public string? Error { get; }

        /// <summary>Stands for a directory the read-ahead could not read: the walk reads it itself.</summary>
        public bool IsUnread { get; private init; }

        /// <summary>
        /// <see cref="Read"/> for the read-ahead, with its Postfix files looked into. It answers the failures a
        /// directory can meet with a listing that says why; anything else is left to the walk, which reads
        /// that directory itself and meets it there as it would without a read-ahead.
        /// </summary>
        public static Listing ReadAhead(string dir, string? boundary)
        {
            try
            {
                // Read ahead are the subdirectories the walk will go into: each listed as no link.
                InputFile.RememberNoLinkAt(dir);
                return Read(dir, boundary, lookInto: true);
            }
            catch (Exception)
            {
                return new Listing([], null, null) { IsUnread = true };
            }
        }

        /// <summary>Lists <paramref name="dir"/>; <paramref name="lookInto"/>: also checks its Postfix files for template markup now.</summary>
        public static Listing Read(string dir, string? boundary, bool lookInto = false)
        {
            DirectoryEntry[] entries;
            try
            {
                // What each entry is comes with the listing (no stat and readlink per entry), as
                // DirectoryInfo.GetFileSystemInfos gives it (a link to a directory is a directory), but
                // kept as a DirectoryEntry: a fleet's directory of 10,000 configurations kept 10,000
                // FileSystemInfo objects (a stat buffer and three strings each) through the whole walk.
                entries = [.. new FileSystemEnumerable<DirectoryEntry>(
                    dir,
                    // Whether an entry is a link is asked of directories only, below (a file is read
                    // through InputFile, which judges links itself).
                    (ref FileSystemEntry e) => new DirectoryEntry(e.ToFullPath(), e.IsDirectory, IsLink: false),
                    ListingOptions)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new Listing([], e.Message, null);
            }

            entries = WithDirectoryLinks(dir, entries);

            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            Dictionary<string, bool>? templates = null;
            if (lookInto)
            {
                foreach (var info in entries)
                {
                    if (!info.IsDirectory && PostfixFileNames.Contains(info.Name))
                    {
                        (templates ??= new(StringComparer.Ordinal))[info.FullName] = ConfigDiscovery.IsTemplateText(info.FullName, boundary);
                    }
                }
            }

            return new Listing(entries, null, templates);
        }

        /// <summary>From how many subdirectories their links are found by listing the directory again without links.</summary>
        private const int RelistFrom = 4;

        /// <summary>
        /// The entries with each directory said to be a link or not. FileSystemEntry.Attributes would say so
        /// with an lstat(2) and a geteuid(2) per directory: 20,000 system calls on the walk's own thread before
        /// a fleet's read-ahead could start. A second listing that skips links (the listing knows them from
        /// the entry's type, without a system call of its own) names the directories that are not; a few
        /// directories are each asked with one readlink(2) instead, and so are the few the second listing
        /// lacks (the links, or an entry that changed in between: one gone is walked, and the walk says it
        /// cannot be read).
        /// </summary>
        private static DirectoryEntry[] WithDirectoryLinks(string dir, DirectoryEntry[] entries)
        {
            var directories = 0;
            foreach (var entry in entries)
            {
                directories += entry.IsDirectory ? 1 : 0;
            }

            if (directories == 0)
            {
                return entries;
            }

            HashSet<string>? real = null;
            if (directories >= RelistFrom)
            {
                try
                {
                    real = new HashSet<string>(
                        new FileSystemEnumerable<string>(dir, (ref FileSystemEntry e) => e.ToFullPath(), NoLinksOptions) { ShouldIncludePredicate = (ref FileSystemEntry e) => e.IsDirectory },
                        StringComparer.Ordinal);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    real = null;
                }
            }

            for (var i = 0; i < entries.Length; i++)
            {
                var entry = entries[i];
                // One that cannot be asked (it changed since it was listed) is walked, and the walk says why it cannot be read.
                if (entry.IsDirectory && (real is null || !real.Contains(entry.FullName)) && InputFile.LinkTargetOf(entry.FullName) is not null)
                {
                    entries[i] = entry with { IsLink = true };
                }
            }

            return entries;
        }

        /// <summary><see cref="ListingOptions"/> without symbolic links (their entry type says so).</summary>
        private static readonly EnumerationOptions NoLinksOptions = new()
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };

        /// <summary>What DirectoryInfo.GetFileSystemInfos() lists: hidden entries too, and an error where a listing fails.</summary>
        private static readonly EnumerationOptions ListingOptions = new()
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = false,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };

        /// <summary>Whether the file holds template markup: as found ahead, or looked at now.</summary>
        public bool IsTemplateText(string path, string? boundary) =>
            templates is not null && templates.TryGetValue(path, out var found) ? found : ConfigDiscovery.IsTemplateText(path, boundary);
    }

    private static bool IsTemplateText(string path, string? boundary)
    {
        // Through the gate: a FIFO or device is never opened (it could block forever), a link out of
        // the tree is not followed; the model reports such a file when it reads it.
        var content = InputFile.ReadHead(path, InputFile.MaxConfigBytes, TemplateScanLimit, boundary);
        return content.Bytes is { } bytes && LooksLikeTemplate(bytes);
    }

    /// <summary>A path as an absolute path without a trailing separator: <c>D</c>, <c>D/</c> and <c>./D</c> are the same.</summary>
    public static string FullPath(string path, string workingDirectory)
    {
        var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    /// <summary>"" for the working directory itself, else the relative path with a trailing '/' (the full path outside it).</summary>
    public static string DisplayPrefix(string directory, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, directory).Replace('\\', '/');
        if (relative == ".")
        {
            return string.Empty;
        }

        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? directory.Replace('\\', '/').TrimEnd('/') : relative) + "/";
    }

    private static string DisplayPath(string fullPath, string workingDirectory) =>
        DisplayPrefix(Path.GetDirectoryName(fullPath)!, workingDirectory) + Path.GetFileName(fullPath);
}
