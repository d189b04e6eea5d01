"""Running engines for the studio: the job queue that keeps synthesis off the GUI thread, engines
in a child process, and the remote engine servers the user added.

Entry points: `manager.EngineManager` and `jobs.SynthesisJob`, `process.ProcessBackend`,
`remote.RemoteEngine` with `remote.probe`.
"""
