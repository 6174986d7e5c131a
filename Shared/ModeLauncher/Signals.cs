using System.Runtime.InteropServices;

namespace InstrumentationModes.ModeLauncher;

/// <summary>POSIX signals, as a user's Ctrl+C or a service manager's stop sends them (Process.Kill only sends SIGKILL).</summary>
public static partial class Signals
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    public static void Send(int processId, int signal)
    {
        if (kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
