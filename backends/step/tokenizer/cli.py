"""`python -m backends.step.tokenizer.cli --folder DIR IN.wav OUT.npz`: one clip's tokens, in a process
of its own.

Why a process: the tokenizer needs torch, which the studio's GUI process never imports (its start-up
and memory stay those of the embedded engine), and a clip tokenized on the CPU may take minutes that
the user can stop at any time by ending the process. The parent (`studio.timeline.clip_tokens`) reads
`progress F` lines from stdout and, on failure, the last line of stderr, which is one sentence.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backends.step.tokenizer.cli",
                                     description="Turn one audio file into Step-Audio's vq02 and vq06 codes.")
    parser.add_argument("--folder", required=True, help="the Step-Audio-Tokenizer folder")
    parser.add_argument("input", help="an audio file")
    parser.add_argument("output", help="where to write vq02 and vq06 (.npz)")
    args = parser.parse_args(argv)

    from backends.audio import AudioLoadError, load_audio
    from backends.step.tokenizer import StepAudioTokenizer, TokenizerFilesError

    def report(fraction: float) -> None:
        sys.stdout.write(f"progress {fraction:.4f}\n")
        sys.stdout.flush()

    try:
        audio = load_audio(args.input)
        tokenizer = StepAudioTokenizer(Path(args.folder))
        tokenizer.load()
        report(0.0)
        tokens = tokenizer.tokenize(audio, progress=report)
    except (AudioLoadError, TokenizerFilesError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    with open(args.output, "wb") as out:
        np.savez(out, vq02=tokens.vq02.astype(np.int16), vq06=tokens.vq06.astype(np.int16))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
