namespace ConfigLint.TestSupport;

/// <summary>
/// What the environment offers to tests that need more than .NET. Locally a missing
/// prerequisite skips such tests (see <see cref="RequiresPostfixFactAttribute"/>); under CI
/// (<c>CI=true</c> or <c>1</c>) it must not: the test runs and fails with a message that
/// names <c>bash scripts/test.sh</c>, which installs everything.
/// </summary>
public static class Prerequisites
{
    /// <summary>The command that installs every prerequisite and runs the tests.</summary>
    public const string TestCommand = "bash scripts/test.sh";

    private static readonly Lazy<string?> PostfixProblemLazy = new(FindPostfixProblem);
    private static readonly Lazy<string?> SarifProblemLazy = new(FindSarifProblem);

    /// <summary>
    /// True when postconf and postalias are installed and a private network namespace can be
    /// made (<c>unshare -n -u</c>, root only) with its loopback brought up (<c>ip</c>) and its own host name.
    /// </summary>
    public static bool PostfixAvailable => PostfixProblemLazy.Value is null;

    /// <summary>Why <see cref="PostfixAvailable"/> is false; null when it is true.</summary>
    public static string? PostfixProblem => PostfixProblemLazy.Value;

    /// <summary>
    /// True when the SARIF validators are installed in the repository's node_modules
    /// (npm <c>ajv-cli</c> + <c>ajv-formats</c> and <c>@microsoft/sarif-multitool</c>) and
    /// node, jq and bash are on PATH (scripts/validate-sarif.sh uses them).
    /// </summary>
    public static bool SarifValidatorsAvailable => SarifProblemLazy.Value is null;

    /// <summary>Why <see cref="SarifValidatorsAvailable"/> is false; null when it is true.</summary>
    public static string? SarifValidatorsProblem => SarifProblemLazy.Value;

    /// <summary>
    /// Why a native (NativeAOT) configlint cannot be linked here, or null: the linker the .NET SDK
    /// drives is clang or, failing that, gcc, and it strips symbols with objcopy (the ILCompiler
    /// package's Microsoft.NETCore.Native.Unix.targets).
    /// </summary>
    public static string? NativeToolchainProblem =>
        ProcessRunner.FindExecutable("clang") is null && ProcessRunner.FindExecutable("gcc") is null ? "neither 'clang' nor 'gcc' found"
        : ProcessRunner.FindExecutable("objcopy") is null && ProcessRunner.FindExecutable("llvm-objcopy") is null ? "'objcopy' not found"
        : null;

    /// <summary>
    /// Whether a Release pack of the tool makes the native configlint here: the probe
    /// src/ConfigLint.Cli/ConfigLint.Cli.csproj makes (Linux, gcc or clang, objcopy, the C library headers).
    /// </summary>
    public static bool PacksNativeTool =>
        OperatingSystem.IsLinux()
        && new[] { "/usr/bin/gcc", "/usr/bin/clang", "/usr/local/bin/gcc", "/usr/local/bin/clang" }.Any(File.Exists)
        && (File.Exists("/usr/bin/objcopy") || File.Exists("/usr/bin/llvm-objcopy"))
        && File.Exists("/usr/include/stdio.h");

    /// <summary>True when the environment variable CI is "true" or "1" (case-insensitive).</summary>
    public static bool IsCI
    {
        get
        {
            var ci = Environment.GetEnvironmentVariable("CI")?.Trim();
            return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        }
    }

    /// <summary>Throws with a clear message when real Postfix cannot be run here.</summary>
    public static void RequirePostfix()
    {
        if (PostfixProblem is { } problem)
        {
            throw new InvalidOperationException(
                $"This test needs real Postfix in a private network namespace, which is unavailable: {problem}. " +
                $"Run the tests with '{TestCommand}' as root (it installs postfix, postfix-pcre, iproute2, util-linux).");
        }
    }

    /// <summary>Throws with a clear message when the SARIF validators cannot be run here.</summary>
    public static void RequireSarifValidators()
    {
        if (SarifValidatorsProblem is { } problem)
        {
            throw new InvalidOperationException(
                $"This test needs the SARIF validators, which are unavailable: {problem}. " +
                $"Run the tests with '{TestCommand}' (it runs npm ci for ajv-cli and the SARIF multitool).");
        }
    }

    /// <summary>The reason to skip a test for a missing prerequisite, or null: under CI nothing is skipped.</summary>
    internal static string? SkipUnlessCI(string what, string? problem) => IsCI || problem is null ? null : SkipReason(what, problem);

    internal static string SkipReason(string what, string problem) =>
        $"{what} unavailable ({problem}); '{TestCommand}' installs it. Under CI=true this test fails instead.";

    private static string? FindPostfixProblem()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                return "not on Linux";
            }

            foreach (var tool in new[] { "postconf", "postalias", "unshare", "ip", "true" })
            {
                if (ProcessRunner.FindExecutable(tool) is null)
                {
                    return $"'{tool}' not found";
                }
            }

            var probe = Sandbox.Run(ProcessRunner.FindExecutable("true")!, [], TimeSpan.FromSeconds(10));
            if (probe.ExitCode != 0)
            {
                var why = probe.Stderr.Trim();
                return $"'unshare -n -u' with 'ip link set lo up' failed (exit {probe.ExitCode}" +
                       $"{(why.Length > 0 ? ": " + why : string.Empty)}; it needs root)";
            }

            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static string? FindSarifProblem()
    {
        try
        {
            var modules = Path.Combine(RepoPaths.Root, "node_modules");
            if (!Directory.Exists(modules))
            {
                return $"{modules} does not exist (npm ci not run)";
            }

            if (!File.Exists(Path.Combine(modules, ".bin", "ajv")) ||
                !Directory.Exists(Path.Combine(modules, "ajv-formats")))
            {
                return "ajv-cli / ajv-formats not installed in node_modules";
            }

            var multitool = Path.Combine(modules, "@microsoft", OperatingSystem.IsWindows()
                ? "sarif-multitool-win32"
                : OperatingSystem.IsMacOS() ? "sarif-multitool-darwin" : "sarif-multitool-linux");
            var multitoolBinary = Path.Combine(multitool, OperatingSystem.IsWindows() ? "Sarif.Multitool.exe" : "Sarif.Multitool");
            if (!File.Exists(multitoolBinary))
            {
                return "the SARIF multitool binary is not installed in node_modules";
            }

            // It must also run for this user (npm 11 may skip its chmod u+x postinstall).
            var version = ProcessRunner.Run(multitoolBinary, ["--version"], TimeSpan.FromSeconds(30));
            if (version.ExitCode != 0)
            {
                return $"the SARIF multitool does not run ('{multitoolBinary} --version' exit {version.ExitCode})";
            }

            foreach (var tool in new[] { "node", "jq", "bash" })
            {
                if (ProcessRunner.FindExecutable(tool) is null)
                {
                    return $"'{tool}' not found";
                }
            }

            if (!File.Exists(Path.Combine(RepoPaths.Data, "sarif", "sarif-schema-2.1.0.json")))
            {
                return $"the SARIF schema is missing from {RepoPaths.Data}/sarif";
            }

            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
