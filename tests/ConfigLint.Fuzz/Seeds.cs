namespace ConfigLint.Fuzz;

/// <summary>
/// The starting points: the real-world corpus and the templates (tests/data, one configuration per
/// source repository, its files renamed main.cf, master.cf and aliases), and every sample directory
/// (samples/, with its pattern files, settings and, for the custom-rule examples, rule manifests).
/// </summary>
public static class Seeds
{
    public static List<FuzzCase> Load(string repositoryRoot)
    {
        var seeds = new List<FuzzCase>();
        foreach (var corpus in new[] { "tests/data/corpus", "tests/data/corpus-templates" })
        {
            var dir = Path.Combine(repositoryRoot, corpus);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var source in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
            {
                var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var file in Directory.GetFiles(source).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(file);
                    var role = name.Contains("master.cf", StringComparison.Ordinal) ? "master.cf"
                        : name.Contains("main.cf", StringComparison.Ordinal) ? "main.cf"
                        : name.Contains("aliases", StringComparison.Ordinal) ? "aliases"
                        : null;
                    if (role is not null)
                    {
                        files.TryAdd(role, File.ReadAllBytes(file));
                    }
                }

                if (files.Count > 0)
                {
                    seeds.Add(new FuzzCase(files, $"{corpus}/{Path.GetFileName(source)}"));
                }
            }
        }

        var samples = Path.Combine(repositoryRoot, "samples");
        if (Directory.Exists(samples))
        {
            foreach (var dir in Directory.EnumerateDirectories(samples, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var names = Directory.GetFiles(dir).Select(Path.GetFileName).ToList();
                if (!names.Any(n => n is "main.cf" or "master.cf" or "aliases"))
                {
                    continue;
                }

                var files = FuzzCase.ReadFrom(dir, string.Empty).Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
                if (Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dir))) == "custom-rules")
                {
                    foreach (var manifest in Directory.GetFiles(Path.Combine(samples, "custom-rules", "rules")))
                    {
                        files["rules/" + Path.GetFileName(manifest)] = File.ReadAllBytes(manifest);
                    }
                }

                seeds.Add(new FuzzCase(files, "samples/" + Path.GetRelativePath(samples, dir).Replace('\\', '/')));
            }
        }

        return seeds;
    }
}
