namespace ConfigLint.TestSupport;

/// <summary>
/// Runs <c>scripts/validate-sarif.sh</c> (Ajv with the official SARIF 2.1.0 schema, then the
/// Microsoft SARIF multitool with GitHub's ingestion rules; see docs/SARIF-VALIDATION.md).
/// Calls <see cref="Prerequisites.RequireSarifValidators"/> first, so under CI missing
/// validators fail the test with a message naming <c>bash scripts/test.sh</c>.
/// </summary>
public static class SarifValidation
{
    /// <summary>
    /// Validates the given SARIF files. ExitCode 0 = all valid; stdout has <c>ok FILE</c> per
    /// valid file and <c>FAIL FILE</c> plus indented errors otherwise.
    /// </summary>
    public static ProcessResult Validate(params string[] sarifFiles)
    {
        ArgumentNullException.ThrowIfNull(sarifFiles);
        if (sarifFiles.Length == 0)
        {
            throw new ArgumentException("no SARIF file given", nameof(sarifFiles));
        }

        Prerequisites.RequireSarifValidators();
        var bash = ProcessRunner.FindExecutable("bash")!;
        var script = Path.Combine(RepoPaths.Root, "scripts", "validate-sarif.sh");
        var timeout = TimeSpan.FromSeconds(60 + (10 * sarifFiles.Length));
        return ProcessRunner.Run(
            bash,
            [script, .. sarifFiles.Select(Path.GetFullPath)],
            timeout,
            environment: new Dictionary<string, string?> { ["CONFIGLINT_DATA"] = RepoPaths.Data });
    }

    /// <summary>Writes <paramref name="sarifJson"/> to a temporary file and validates it.</summary>
    public static ProcessResult ValidateText(string sarifJson)
    {
        ArgumentNullException.ThrowIfNull(sarifJson);
        var dir = Directory.CreateTempSubdirectory("configlint-sarif-").FullName;
        try
        {
            var file = Path.Combine(dir, "results.sarif");
            File.WriteAllText(file, sarifJson);
            return Validate(file);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
