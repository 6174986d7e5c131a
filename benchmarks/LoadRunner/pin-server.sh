# Sourced by bash through BASH_ENV before it reads scripts/run-mode.sh (see CpuIsolation.cs): pins the shell to the
# server's CPUs before it execs dotnet, so the server inherits them from its first instruction and its runtime sizes
# itself (GC, thread pool) for those CPUs only. run-mode.sh itself is not changed.
taskset -p -c "$LOADRUNNER_SERVER_CPUS" $$ >/dev/null
unset BASH_ENV LOADRUNNER_SERVER_CPUS
