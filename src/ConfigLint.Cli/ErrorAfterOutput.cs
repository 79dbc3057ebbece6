using System.Text;

namespace ConfigLint.Cli;

/// <summary>
/// Standard error that first flushes the buffered standard output, so that on a terminal (or with
/// <c>2&gt;&amp;1</c>) a message still comes after the report lines written before it
/// (<c>check --timings</c> prints its timings after the report).
/// </summary>
internal sealed class ErrorAfterOutput(TextWriter error, TextWriter output) : TextWriter
{
    public override Encoding Encoding => error.Encoding;

    public override void Write(char value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        output.Flush();
        error.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        output.Flush();
        error.Write(value);
    }

    public override void WriteLine(string? value)
    {
        output.Flush();
        error.WriteLine(value);
    }

    public override void Flush() => error.Flush();
}
