using System.Globalization;
using Shouldly;
using Xunit;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Standard output is buffered; what goes to standard error must still come after the report lines
/// written before it (a terminal shows both): every write to standard error flushes standard output first.
/// </summary>
public sealed class ErrorAfterOutputTests
{
    [Fact]
    public void Every_write_to_standard_error_comes_after_what_standard_output_holds()
    {
        var both = new StringWriter(CultureInfo.InvariantCulture);
        var output = new BufferedWriter(both);
        var error = new ErrorAfterOutput(new SameWriter(both), output);

        output.WriteLine("report line 1");
        error.WriteLine("configlint: timings: report 2.0 ms");
        output.Write("report line 2\n");
        error.Write('!');
        output.Write("report line 3\n");
        error.Write("x".ToCharArray(), 0, 1);
        output.Write("report line 4\n");
        error.Write("end\n");
        output.Flush();

        both.ToString().ShouldBe("report line 1\nconfiglint: timings: report 2.0 ms\nreport line 2\n!report line 3\nxreport line 4\nend\n");
    }

    /// <summary>Holds everything until it is flushed, as the 64 KiB buffer on standard output does.</summary>
    private sealed class BufferedWriter(TextWriter target) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Flush()
        {
            target.Write(ToString());
            GetStringBuilder().Clear();
        }
    }

    /// <summary>Writes straight through, as standard error does.</summary>
    private sealed class SameWriter(TextWriter target) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Write(char value) => target.Write(value);

        public override void Write(string? value) => target.Write(value);

        public override void Write(char[] buffer, int index, int count) => target.Write(buffer, index, count);

        public override void WriteLine(string? value) => target.WriteLine(value);
    }
}
