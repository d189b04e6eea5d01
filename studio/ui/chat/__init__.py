"""The Chat workspace: a live spoken conversation with a model. Entry point: `page.ChatPage`."""
