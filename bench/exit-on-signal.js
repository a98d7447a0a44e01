// Preloaded into profiled processes (bench --cpu-prof): the engine stops provider processes
// with a signal, and a V8 CPU profile is only written on a normal exit.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => process.exit(0));
