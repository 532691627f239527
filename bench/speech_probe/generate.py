"""A small speech probe set: made-up recordings with questions, for work on spoken answers.

usage: generate.py TARGET_DIR

The unseen set (``bench/unseen``) must not guide changes, so speech work is measured here:
three recordings made the way synthetic speech goes wrong (espeak-ng voices, a fast accent over
noise, a compressed two-voice interview), with their own made-up facts and questions written
before any system answered them. Writes TARGET_DIR/audio/*, qa.jsonl and unanswerable.txt, in
the layout ``bench/eval_cached.py --set probe --root TARGET_DIR`` reads. Needs espeak-ng, sox
and ffmpeg on the PATH; the output is repeatable on one machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

#: (speaker, text) turns of a two-voice interview, mp3 at 48 kbit/s.
INTERVIEW = [
    (
        "host",
        "Hello and welcome to Field Notes, episode seven. I'm Priya Castellan, and my guest "
        "today is the warden of Hollin Moss nature reserve, Tobias Wrenfield.",
    ),
    ("guest", "Thanks Priya. It's good to be here."),
    (
        "host",
        "Tobias, the reserve counted its wading birds again this winter. How did it go?",
    ),
    (
        "guest",
        "Very well. Our volunteers counted three hundred and forty lapwings, which is the "
        "highest number since we started counting in two thousand and nine.",
    ),
    ("host", "What made the difference?"),
    (
        "guest",
        "Mostly the new scrape on the east marsh. We dug it in September, and it holds "
        "shallow water right through the winter.",
    ),
    ("host", "And I hear the visitor centre is changing too."),
    (
        "guest",
        "Yes. The centre will close for repairs from the first of March and reopen in May. "
        "The repairs cost about sixty thousand pounds, paid by the Ashcombe Trust.",
    ),
    ("host", "Where should visitors park while it is closed?"),
    (
        "guest",
        "Please use the car park at Kettle Lane. It is free, and the walk to the hides takes "
        "about fifteen minutes.",
    ),
]
VOICES = {"host": ("en-us+f2", "160", "55"), "guest": ("en-gb+m1", "145", "40")}

#: A fast announcement in a Scottish voice over brown noise.
ANNOUNCEMENT = [
    "Good afternoon. This is a message for all passengers at Pellbrook Harbour.",
    "The four twenty sailing to Dunmarra Island will leave from berth six instead of berth two.",
    "Passengers with bicycles must board through the lower car deck.",
    "Because of strong winds, the six fifteen sailing is cancelled.",
    "The harbour cafe will stay open until eight o'clock tonight. Thank you.",
]

#: A single-voice narration, as a museum audio guide.
GUIDE = [
    "Welcome to room four of the Calderbank Mill museum.",
    "The great engine in front of you was built in eighteen ninety two by the Ormsby "
    "Foundry, and it drove every loom in the mill.",
    "At full speed the flywheel turned fifty two times a minute.",
    "The mill employed four hundred and twenty workers at its busiest, most of them women "
    "from the nearby village of Skelwith.",
    "The engine was stopped for the last time in nineteen sixty four, when the mill switched "
    "to electric motors.",
    "Please continue to room five, where the weaving shed has been restored.",
]

QA = [
    (
        "interview",
        "What is the name of the nature reserve in the Field Notes episode?",
        ["hollin moss"],
    ),
    (
        "interview",
        "How many lapwings did the volunteers count this winter?",
        ["340", "three hundred and forty"],
    ),
    ("interview", "Since what year has the reserve been counting wading birds?", ["2009"]),
    ("interview", "In which month was the new scrape on the east marsh dug?", ["september"]),
    ("interview", "When will the visitor centre reopen?", ["may"]),
    (
        "interview",
        "How much do the visitor centre repairs cost?",
        ["60,000", "60000", "sixty thousand"],
    ),
    ("interview", "Who is paying for the visitor centre repairs?", ["ashcombe trust"]),
    (
        "interview",
        "Where should visitors park while the visitor centre is closed?",
        ["kettle lane"],
    ),
    (
        "interview",
        "How long is the walk from the car park to the hides?",
        ["15 minutes", "fifteen minutes"],
    ),
    (
        "announcement",
        "Which berth will the four twenty sailing to Dunmarra Island leave from?",
        ["berth 6", "berth six"],
    ),
    ("announcement", "How must passengers with bicycles board?", ["lower car deck"]),
    (
        "announcement",
        "Which sailing is cancelled at Pellbrook Harbour?",
        ["6:15", "6.15", "615", "six fifteen"],
    ),
    ("announcement", "Why is the six fifteen sailing cancelled?", ["strong winds"]),
    ("announcement", "Until what time will the harbour cafe stay open?", ["8", "eight"]),
    ("guide", "In what year was the great engine at Calderbank Mill built?", ["1892"]),
    ("guide", "Which foundry built the mill engine?", ["ormsby"]),
    (
        "guide",
        "How many times a minute did the flywheel turn at full speed?",
        ["52", "fifty two", "fifty-two"],
    ),
    (
        "guide",
        "How many workers did Calderbank Mill employ at its busiest?",
        ["420", "four hundred and twenty"],
    ),
    ("guide", "When was the mill engine stopped for the last time?", ["1964"]),
    ("guide", "What replaced the steam engine at the mill?", ["electric motors"]),
]

UNANSWERABLE = [
    "How many curlews did the Hollin Moss volunteers count this winter?",
    "What does a ticket to Dunmarra Island cost?",
    "Who designed the weaving shed at Calderbank Mill?",
    "What time does the Kettle Lane car park close?",
]

FILES = {
    "interview": "audio/field_notes_ep07.mp3",
    "announcement": "audio/pellbrook_harbour_announcement.wav",
    "guide": "audio/calderbank_mill_guide.wav",
}


def run(cmd: list[str]) -> None:
    """Run a command, failing loudly."""
    subprocess.run(cmd, check=True, capture_output=True)


def seconds(path: Path) -> float:
    """Duration of an audio file in seconds (soxi)."""
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout)


def speak(text: str, voice: str, speed: str, pitch: str, rate: int, out: Path) -> None:
    """One espeak-ng utterance as 16-bit mono WAV at ``rate`` Hz."""
    raw = out.with_suffix(".raw.wav")
    run(["espeak-ng", "-v", voice, "-s", speed, "-p", pitch, "-w", str(raw), text])
    run(["sox", "-R", str(raw), "-r", str(rate), "-c", "1", "-b", "16", str(out)])


def join(parts: list[tuple[str, str, str, str]], rate: int, gap_s: float, work: Path) -> Path:
    """Utterances (text, voice, speed, pitch) with ``gap_s`` of silence between them."""
    gap = work / "gap.wav"
    run(
        [
            "sox",
            "-R",
            "-n",
            "-r",
            str(rate),
            "-c",
            "1",
            "-b",
            "16",
            str(gap),
            "trim",
            "0",
            str(gap_s),
        ]
    )
    files: list[str] = [str(gap)]
    for i, (text, voice, speed, pitch) in enumerate(parts):
        wav = work / f"u{i:02d}.wav"
        speak(text, voice, speed, pitch, rate, wav)
        files += [str(wav), str(gap)]
    joined = work / "joined.wav"
    run(["sox", "-R", *files, str(joined)])
    return joined


def make(target: Path) -> None:
    """Write the three recordings, qa.jsonl and unanswerable.txt under ``target``."""
    (target / "audio").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        turns = [(text, *VOICES[who]) for who, text in INTERVIEW]
        joined = join(turns, 22050, 0.6, work)
        run(
            [
                "ffmpeg",
                "-loglevel",
                "error",
                "-y",
                "-i",
                str(joined),
                "-b:a",
                "48k",
                str(target / FILES["interview"]),
            ]
        )
        speech = join(
            [(t, "en-gb-scotland+m2", "175", "45") for t in ANNOUNCEMENT], 16000, 0.9, work
        )
        noise = work / "noise.wav"
        run(
            [
                "sox",
                "-R",
                "-n",
                "-r",
                "16000",
                "-c",
                "1",
                "-b",
                "16",
                str(noise),
                "synth",
                f"{seconds(speech):.3f}",
                "brownnoise",
                "vol",
                "0.12",
            ]
        )
        run(
            [
                "sox",
                "-R",
                "-m",
                str(speech),
                str(noise),
                "-b",
                "16",
                str(target / FILES["announcement"]),
            ]
        )
        guide = join([(t, "en-gb+f4", "150", "50") for t in GUIDE], 16000, 0.7, work)
        run(["sox", "-R", str(guide), str(target / FILES["guide"])])
    with (target / "qa.jsonl").open("w", encoding="utf-8") as out:
        for i, (source, question, expected) in enumerate(QA, 1):
            item = {
                "id": f"sp-{i:02d}",
                "file": FILES[source],
                "modality": "audio",
                "question": question,
                "answer_contains": expected,
                "page": None,
                "t_start": None,
                "t_end": None,
            }
            out.write(json.dumps(item) + "\n")
    (target / "unanswerable.txt").write_text("\n".join(UNANSWERABLE) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    make(Path(sys.argv[1]))
