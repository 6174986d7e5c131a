namespace InstrumentationModes.LoadRunner.Tests;

public class ProcessStatsTests
{
    [Fact]
    public void Cpu_ticks_are_utime_plus_stime_even_when_the_command_name_has_spaces_and_parentheses()
    {
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194560 1200 0 0 0 731 45 0 0 20 0 24 0 900 3000000 20000 18446744073709551615";

        Assert.Equal(776, ProcessStats.ParseCpuTicks(stat));
    }

    [Fact]
    public void Peak_memory_is_the_VmHWM_line_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t  300000 kB\nVmHWM:\t   81234 kB\nVmRSS:\t   80000 kB\n";

        Assert.Equal(81234L * 1024, ProcessStats.ParsePeakResidentBytes(status));
    }

    [Fact]
    public void Malformed_proc_files_are_refused()
    {
        Assert.Throws<FormatException>(() => ProcessStats.ParseCpuTicks("4242 dotnet S 1"));
        Assert.Throws<FormatException>(() => ProcessStats.ParseCpuTicks("4242 (dotnet) S 1 2 3"));
        Assert.Throws<FormatException>(() => ProcessStats.ParsePeakResidentBytes("Name:\tdotnet\nVmRSS:\t 1 kB\n"));
    }

    [Fact]
    public void The_running_process_can_be_read()
    {
        var self = Environment.ProcessId;

        Assert.True(ProcessStats.PeakResidentBytes(self) > 1024 * 1024);
        Assert.True(ProcessStats.CpuTime(self) >= TimeSpan.Zero);
    }
}
