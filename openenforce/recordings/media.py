"""Small generated media for the demo and the tests, made locally (no downloads).

``wav_clip`` writes a WAV with the standard ``wave`` module; ``webm_clip`` has the
ffmpeg binary shipped by imageio-ffmpeg encode a few seconds of generated test pattern
and tone to WebM (VP8 + Opus), which browsers play and seek.
"""

from __future__ import annotations

import functools
import io
import math
import struct
import subprocess
import tempfile
import wave
from pathlib import Path


@functools.lru_cache(maxsize=4)
def wav_clip(seconds: float = 3.0, rate: int = 8000, tone: int = 660) -> bytes:
    """A mono 16-bit WAV: a beep every half second (an inquiry room's recorder)."""
    frames = bytearray()
    for i in range(int(seconds * rate)):
        t = i / rate
        on = (t % 0.5) < 0.15
        value = int(9000 * math.sin(2 * math.pi * tone * t)) if on else 0
        frames += struct.pack("<h", value)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return out.getvalue()


@functools.lru_cache(maxsize=2)
def webm_clip(seconds: int = 4, size: str = "320x240") -> bytes:
    """A WebM (VP8 video, Opus audio) of ffmpeg's generated test pattern with a clock and
    a tone, bit-exact so the same clip is the same file (stored once)."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "clip.webm"
        command = [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=size={size}:rate=12:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v",
            "libvpx",
            "-b:v",
            "160k",
            "-c:a",
            "libopus",
            "-b:a",
            "24k",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-threads",
            "1",
            "-y",
            str(path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603 (fixed argv)
        return path.read_bytes()
