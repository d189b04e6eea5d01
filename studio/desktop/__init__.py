"""The studio as a desktop application: its launcher, icons, AppStream metadata and file types in the
user's folders (`step-studio --install-desktop`, undone exactly by `--uninstall-desktop`). Qt-free;
the window opens the files a launcher hands it through `step-studio open`."""
