"""Saved conversations: every turn of a chat, its text, timing and audio, kept as it happens.

A conversation is a folder of files plus rows in the library's shared SQLite index
(`library.sqlite3`, component "chat_sessions"), built like studio.library.takes's take library:

    chats/<session id>/session.json          title, persona, voice, engine, model, created
    chats/<session id>/0003-user.json        one turn: role, text, timestamps, latency, notes
    chats/<session id>/0003-user.flac        the turn's audio (the user's voice or the reply), if any

The files are the real record and the index only makes listing fast, so the guarantees are:

- Each turn is written the moment it completes (audio, then its sidecar, then the row, each file
  atomically and all inside a `BEGIN IMMEDIATE` transaction that doubles as a cross-process lock).
  A conversation cut short by a killed app keeps every completed turn; the one in flight is the
  most that is lost.
- On open, the store repairs itself: a turn or session whose files exist but whose row does not
  (killed before the commit) is adopted back; audio whose sidecar never landed is adopted as a turn
  with no text rather than deleted; temporary files are removed; a delete cut short is finished or
  undone; a damaged index is moved aside and rebuilt from the folders.
- A delete renames the folder aside, commits the removal, then removes the files.

Export writes a transcript (Markdown or JSON) and one mix of the whole conversation, or both plus
every clip in a zip. The mix keeps the conversation's real timing (so a barge-in overlaps, as it
did) but shortens long silences, which are typing or thinking, not conversation.
"""

from studio.conversation.sessions.records import ChatSession, ChatTurn, ReplayClip, SessionNotFound
from studio.conversation.sessions.store import MIGRATIONS, SCHEMA_VERSION, ChatSessionStore
from studio.conversation.sessions.transcript import (
    latency_line,
    mix_clips,
    transcript_json,
    transcript_markdown,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ChatSession",
    "ChatSessionStore",
    "ChatTurn",
    "ReplayClip",
    "SessionNotFound",
    "latency_line",
    "mix_clips",
    "transcript_json",
    "transcript_markdown",
]
