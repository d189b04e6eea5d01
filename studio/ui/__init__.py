"""The Qt application: windows and pages. The only part of studio/ that imports Qt."""
