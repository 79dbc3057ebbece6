namespace ConfigLint.Core.Text;

/// <summary>
/// Counts the steps of the searches that once made ConfigLint quadratic (a span looked up segment
/// by segment, a run of expanded text found by walking every run), per thread. Tests read it to
/// show that the work grows linearly with the input, without timing anything (issue 14).
/// </summary>
public static class OperationCounter
{
    [ThreadStatic]
    private static long count;

    /// <summary>The steps counted on this thread so far.</summary>
    public static long Current => count;

    internal static void Count() => count++;

    internal static void Count(int steps) => count += steps;
}
