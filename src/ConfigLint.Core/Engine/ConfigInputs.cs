using ConfigLint.Core.Model;

namespace ConfigLint.Core.Engine;

/// <summary>
/// One configuration to analyse: a directory and which of its files play main.cf, master.cf and
/// aliases; plus, when the user named files, which of them to report on.
/// </summary>
public sealed record ConfigInput(string Directory, string DisplayPrefix, ConfigFiles Files, IReadOnlySet<string>? ReportOnly);

/// <summary>A path the user gave that cannot be analysed (exit code 2).</summary>
public sealed record InputError(string Path, string Message);

/// <summary>
/// Turns command-line paths into configurations. A directory is a configuration directory. Files
/// are grouped by directory, and their siblings are read too (pre-commit passes only the changed
/// files, but master.cf means nothing without main.cf). A file is main.cf, master.cf or aliases by
/// its name (<c>main.cf</c>, <c>*main.cf*</c>, ...).
/// </summary>
public static class ConfigInputs
{
    public enum FileRole
    {
        Unknown,
        MainCf,
        MasterCf,
        Aliases,
    }

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

    public static (List<ConfigInput> Inputs, List<InputError> Errors) Resolve(IEnumerable<string> paths, string workingDirectory)
    {
        var inputs = new List<ConfigInput>();
        var errors = new List<InputError>();
        var byDirectory = new Dictionary<string, List<(string Name, FileRole Role)>>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
            if (System.IO.Directory.Exists(full))
            {
                inputs.Add(new ConfigInput(full, DisplayPrefix(full, workingDirectory), new ConfigFiles(), null));
                continue;
            }

            var name = Path.GetFileName(full);
            var role = RoleOf(name);
            if (role == FileRole.Unknown)
            {
                errors.Add(new InputError(path, File.Exists(full)
                    ? $"{path}: not a Postfix configuration file (expected a name containing main.cf, master.cf or aliases)"
                    : $"{path}: no such file or directory"));
                continue;
            }

            var dir = Path.GetDirectoryName(full)!;
            if (!byDirectory.TryGetValue(dir, out var list))
            {
                byDirectory[dir] = list = [];
            }

            list.Add((name, role));
        }

        foreach (var (dir, files) in byDirectory)
        {
            // Each named main.cf is its own configuration (corpora keep variants side by side);
            // master.cf and aliases join the main.cf of their directory.
            var mains = files.Where(f => f.Role == FileRole.MainCf).Select(f => f.Name).Distinct().ToList();
            var masters = files.Where(f => f.Role == FileRole.MasterCf).Select(f => f.Name).Distinct().ToList();
            var aliases = files.Where(f => f.Role == FileRole.Aliases).Select(f => f.Name).Distinct().ToList();
            var defaultMain = mains.Count > 0 ? mains[0] : "main.cf";
            var defaultMaster = masters.Count > 0 ? masters[0] : "master.cf";
            var defaultAliases = aliases.Count > 0 ? aliases[0] : "aliases";
            var prefix = DisplayPrefix(dir, workingDirectory);
            var groups = new List<ConfigFiles> { new(defaultMain, defaultMaster, defaultAliases) };
            groups.AddRange(mains.Skip(1).Select(m => new ConfigFiles(m, defaultMaster, defaultAliases)));
            groups.AddRange(masters.Skip(1).Select(m => new ConfigFiles(defaultMain, m, null)));
            groups.AddRange(aliases.Skip(1).Select(a => new ConfigFiles(null, null, a)));
            foreach (var g in groups)
            {
                var named = new[] { g.MainCf, g.MasterCf, g.Aliases }
                    .Where(n => n is not null && files.Any(f => f.Name == n))
                    .Select(n => prefix + n)
                    .ToHashSet(StringComparer.Ordinal);
                inputs.Add(new ConfigInput(dir, prefix, g, named));
            }
        }

        return (inputs, errors);
    }

    /// <summary>"" for the working directory itself, else the relative path with a trailing '/'.</summary>
    public static string DisplayPrefix(string directory, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, directory).Replace('\\', '/');
        if (relative == ".")
        {
            return string.Empty;
        }

        return (relative.StartsWith("..", StringComparison.Ordinal) ? directory.Replace('\\', '/') : relative) + "/";
    }
}
