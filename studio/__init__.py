"""The application core, Qt-free outside `studio.ui`: one package per concern (library, voices,
engines, devices, conversation, server, ui) plus what serves them all (settings, paths, the CLI)."""
