"""The Clone workspace: the wizard from a reference clip to a saved voice, and the voice library
page. Entry points: `page.ClonePage` (the workspace the window shows), `wizard.CloneWizard` with
`wizard.EngineChoice` and `wizard.ensure_loaded` (how the window hands it engines), and
`services.CloneServices` (the core calls, replaceable in tests). The wizard's steps live in
`source_step`, `check_step`, `transcript_step`, `consent_step` and `preview_step`, sharing `step_kit`.
"""
