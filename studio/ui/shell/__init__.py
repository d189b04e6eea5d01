"""The window shell: starting the Qt application, the main window with its menus, engine picker
and workspace tabs, and the engine dialogs reached from its menus.

Entry points: `app.main`, `main_window.MainWindow`.
"""
