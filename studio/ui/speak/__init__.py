"""The Speak workspace: tagged text in, takes out. Entry point: `page.SpeakPage`."""
