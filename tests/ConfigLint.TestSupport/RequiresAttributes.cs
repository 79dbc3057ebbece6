using Xunit;

namespace ConfigLint.TestSupport;

// Skip-or-fail attributes. Locally a missing prerequisite skips the test with a reason;
// under CI (CI=true/1) it never skips: the test runs, and Postconf/SarifValidation (or an
// explicit Prerequisites.RequirePostfix()/RequireSarifValidators()) fail it with a message
// that names `bash scripts/test.sh`.

/// <summary>A fact that needs real Postfix (<see cref="Prerequisites.PostfixAvailable"/>): skipped without it, except under CI.</summary>
public sealed class RequiresPostfixFactAttribute : FactAttribute
{
    public RequiresPostfixFactAttribute() => Skip = Prerequisites.SkipUnlessCI("Postfix is", Prerequisites.PostfixProblem);
}

/// <summary>A theory that needs real Postfix (<see cref="Prerequisites.PostfixAvailable"/>): skipped without it, except under CI.</summary>
public sealed class RequiresPostfixTheoryAttribute : TheoryAttribute
{
    public RequiresPostfixTheoryAttribute() => Skip = Prerequisites.SkipUnlessCI("Postfix is", Prerequisites.PostfixProblem);
}

/// <summary>A fact that needs the SARIF validators (<see cref="Prerequisites.SarifValidatorsAvailable"/>): skipped without it, except under CI.</summary>
public sealed class RequiresSarifValidatorsFactAttribute : FactAttribute
{
    public RequiresSarifValidatorsFactAttribute() => Skip = Prerequisites.SkipUnlessCI("The SARIF validators are", Prerequisites.SarifValidatorsProblem);
}

/// <summary>A theory that needs the SARIF validators (<see cref="Prerequisites.SarifValidatorsAvailable"/>): skipped without it, except under CI.</summary>
public sealed class RequiresSarifValidatorsTheoryAttribute : TheoryAttribute
{
    public RequiresSarifValidatorsTheoryAttribute() => Skip = Prerequisites.SkipUnlessCI("The SARIF validators are", Prerequisites.SarifValidatorsProblem);
}

/// <summary>A fact that needs a C toolchain to link a native configlint (<see cref="Prerequisites.NativeToolchainProblem"/>): skipped without it, except under CI.</summary>
public sealed class RequiresNativeToolchainFactAttribute : FactAttribute
{
    public RequiresNativeToolchainFactAttribute() => Skip = Prerequisites.SkipUnlessCI("A C toolchain (gcc or clang, and objcopy) is", Prerequisites.NativeToolchainProblem);
}

/// <summary>A theory that needs a C toolchain to link a native configlint (<see cref="Prerequisites.NativeToolchainProblem"/>): skipped without it, except under CI.</summary>
public sealed class RequiresNativeToolchainTheoryAttribute : TheoryAttribute
{
    public RequiresNativeToolchainTheoryAttribute() => Skip = Prerequisites.SkipUnlessCI("A C toolchain (gcc or clang, and objcopy) is", Prerequisites.NativeToolchainProblem);
}
