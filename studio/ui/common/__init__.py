"""What every workspace page shares: the palette and theme, and the worker that runs a task off
the GUI thread. Entry points: `theme.apply_theme`, `tasks.Tasks`.
"""
