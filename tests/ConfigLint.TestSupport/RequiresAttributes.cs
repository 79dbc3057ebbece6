using Xunit;

namespace ConfigLint.TestSupport;

// Skip-or-fail attributes. Locally a missing prerequisite skips the test with a reason;
// under CI (CI=true/1) it never skips: the test runs, and Postconf/SarifValidation (or an
// explicit Prerequisites.RequirePostfix()/RequireSarifValidators()) fail it with a message
// that names `bash scripts/test.sh`.

/// <summary>A fact that needs real Postfix (<see cref="Prerequisites.PostfixAvailable"/>).</summary>
public sealed class RequiresPostfixFactAttribute : FactAttribute
{
    /// <summary>Skips when Postfix is unavailable, except under CI.</summary>
    public RequiresPostfixFactAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.PostfixProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("Postfix is", problem);
        }
    }
}

/// <summary>A theory that needs real Postfix (<see cref="Prerequisites.PostfixAvailable"/>).</summary>
public sealed class RequiresPostfixTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips when Postfix is unavailable, except under CI.</summary>
    public RequiresPostfixTheoryAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.PostfixProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("Postfix is", problem);
        }
    }
}

/// <summary>A fact that needs the SARIF validators (<see cref="Prerequisites.SarifValidatorsAvailable"/>).</summary>
public sealed class RequiresSarifValidatorsFactAttribute : FactAttribute
{
    /// <summary>Skips when the validators are unavailable, except under CI.</summary>
    public RequiresSarifValidatorsFactAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.SarifValidatorsProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("The SARIF validators are", problem);
        }
    }
}

/// <summary>A theory that needs the SARIF validators (<see cref="Prerequisites.SarifValidatorsAvailable"/>).</summary>
public sealed class RequiresSarifValidatorsTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips when the validators are unavailable, except under CI.</summary>
    public RequiresSarifValidatorsTheoryAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.SarifValidatorsProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("The SARIF validators are", problem);
        }
    }
}

/// <summary>A fact that needs a C toolchain to link a native configlint (<see cref="Prerequisites.NativeToolchainProblem"/>).</summary>
public sealed class RequiresNativeToolchainFactAttribute : FactAttribute
{
    /// <summary>Skips when no C toolchain is installed, except under CI.</summary>
    public RequiresNativeToolchainFactAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.NativeToolchainProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("A C toolchain (gcc or clang, and objcopy) is", problem);
        }
    }
}

/// <summary>A theory that needs a C toolchain to link a native configlint (<see cref="Prerequisites.NativeToolchainProblem"/>).</summary>
public sealed class RequiresNativeToolchainTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips when no C toolchain is installed, except under CI.</summary>
    public RequiresNativeToolchainTheoryAttribute()
    {
        if (!Prerequisites.IsCI && Prerequisites.NativeToolchainProblem is { } problem)
        {
            Skip = Prerequisites.SkipReason("A C toolchain (gcc or clang, and objcopy) is", problem);
        }
    }
}
