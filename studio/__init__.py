"""Application core: library, jobs, settings and the CLI. Qt-free outside studio.ui."""
