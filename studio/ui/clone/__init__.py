"""The Clone workspace: the wizard from a reference clip to a saved voice, and the voice library
page. Entry point: `page.ClonePage`.
"""
