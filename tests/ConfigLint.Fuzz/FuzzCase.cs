using System.Security.Cryptography;
using System.Text;

namespace ConfigLint.Fuzz;

/// <summary>
/// One fuzz input: a configuration directory as files (relative path to bytes): main.cf,
/// master.cf, aliases, pattern files, <c>.configlint.yml</c>, rule manifests under <c>rules/</c>.
/// </summary>
public sealed class FuzzCase
{
    public FuzzCase(IReadOnlyDictionary<string, byte[]> files, string origin)
    {
        Files = files;
        Origin = origin;
    }

    /// <summary>The files, by path relative to the configuration directory ('/'-separated).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Where it came from: the seed and the mutations applied (for the failure report).</summary>
    public string Origin { get; }

    /// <summary>True when the case has rule manifests that <c>--rules rules</c> should load.</summary>
    public bool HasRules => Files.Keys.Any(k => k.StartsWith("rules/", StringComparison.Ordinal));

    public int Size => Files.Values.Sum(v => v.Length);

    public FuzzCase With(string path, byte[]? content, string step)
    {
        var files = new Dictionary<string, byte[]>(Files, StringComparer.Ordinal);
        if (content is null)
        {
            files.Remove(path);
        }
        else
        {
            files[path] = content;
        }

        return new FuzzCase(files, Origin + " | " + step);
    }

    /// <summary>A short, stable name for the content (the regression directory's suffix).</summary>
    public string Hash()
    {
        using var sha = SHA256.Create();
        foreach (var (path, bytes) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var name = Encoding.UTF8.GetBytes(path + "\0");
            sha.TransformBlock(name, 0, name.Length, null, 0);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(sha.Hash!)[..12];
    }

    /// <summary>Writes the files under <paramref name="directory"/> (which is emptied first).</summary>
    public void WriteTo(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        foreach (var (path, bytes) in Files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }

    /// <summary>Reads every file under <paramref name="directory"/> (not through links).</summary>
    public static FuzzCase ReadFrom(string directory, string origin, Func<string, bool>? include = null)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (include is null || include(relative))
            {
                files[relative] = File.ReadAllBytes(file);
            }
        }

        return new FuzzCase(files, origin);
    }
}
