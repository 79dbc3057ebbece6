namespace ConfigLint.Core.Text;

/// <summary>
/// How many threads ConfigLint may use for work inside one configuration (reading a million
/// aliases, and their expansions). The engine gives it <c>--jobs</c> when it checks a single configuration, and
/// one when it checks several at once, which already share the cores. Unset, it is one.
/// </summary>
public static class Workers
{
    private static readonly AsyncLocal<int> Current = new();

    public static int Degree => Math.Max(1, Current.Value);

    /// <summary>Lets ConfigLint use <paramref name="count"/> threads until the scope is disposed (on this flow of execution).</summary>
    public static IDisposable Use(int count)
    {
        var previous = Current.Value;
        Current.Value = count;
        return new Scope(previous);
    }

    private sealed class Scope(int previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
