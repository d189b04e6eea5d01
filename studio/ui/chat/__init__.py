"""The Chat workspace: a live spoken conversation with a model.

Entry points: `page.ChatPage` (the workspace the window shows) with `services.ChatServices` (what it
needs from outside Qt; tests pass doubles), and `model_dialog.ChatModelDialog` (setting up the chat
model). The page is composed of `controls.ControlsBar`, `devices.ChatDevices`, `transcript.Transcript`,
`live_turns.LiveTurns`, `sessions_panel.SessionsPanel` and `speaker.AudioOut`.
"""
