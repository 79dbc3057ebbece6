using System.Runtime.InteropServices;

namespace ConfigLint.Core.Text;

/// <summary>
/// Tells a regular file from a FIFO, socket or device before it is opened: opening a FIFO for
/// reading blocks until a writer appears, so a named pipe called main.cf would hang the check.
/// .NET reports every such file as <see cref="FileAttributes.Normal"/>, hence stat(2).
/// </summary>
internal static partial class RegularFile
{
    private const uint TypeMask = 0xF000;
    private const uint Regular = 0x8000;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    /// <summary>False only when the file is known to be something other than a regular file.</summary>
    public static bool IsRegularOrUnknown(string path)
    {
        // Offset of st_mode in struct stat on Linux (glibc): after st_dev, st_ino, st_nlink on
        // x86-64; after st_dev, st_ino on arm64 (st_mode precedes st_nlink there).
        int offset;
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.X64:
                offset = 24;
                break;
            case Architecture.Arm64:
                offset = 16;
                break;
            default:
                return true;
        }

        try
        {
            var buffer = new byte[256];
            if (Stat(path, buffer) != 0)
            {
                return true;
            }

            var mode = BitConverter.ToUInt32(buffer, offset);
            return (mode & TypeMask) == Regular;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;
        }
    }
}
