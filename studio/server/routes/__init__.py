"""The engine server's routes, one module per API area; each exposes a `*_router(ctx)` that
studio.server.app includes (see its docstring for the whole list)."""
