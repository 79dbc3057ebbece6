namespace ConfigLint.Core.Text;

/// <summary>
/// A read-only list whose items are made when they are read and not kept: the lines of a file,
/// the entries of an aliases file (a million of them would not fit as objects; issue 13).
/// </summary>
internal sealed class ReadOnlyView<T>(Func<int> count, Func<int, T> item) : IReadOnlyList<T>
{
    public int Count => count();

    public T this[int index] => index >= 0 && index < Count ? item(index) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return item(i);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
