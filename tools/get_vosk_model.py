"""Download Vosk's small US English model into models/vosk/ and check its SHA-256.

Run through `make vosk-model`. Needs a network; on a machine without one it
says so and what else to do, and changes nothing.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

NAME = "vosk-model-small-en-us-0.15"
URL = f"https://alphacephei.com/vosk/models/{NAME}.zip"
SHA256 = "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498"
TARGET = Path(__file__).resolve().parent.parent / "models" / "vosk"


def main() -> int:
    if (TARGET / NAME / "am").is_dir():
        print(f"{NAME} is already in {TARGET}.")
        return 0
    print(f"Downloading {NAME} (about 40 MB)...")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / f"{NAME}.zip"
        try:
            urllib.request.urlretrieve(URL, archive)  # noqa: S310 - fixed https URL
        except (urllib.error.URLError, OSError) as error:
            print(
                f"Could not download {URL} ({error}).\n"
                "This computer seems to be offline. Voice mode still works with the\n"
                "embedded PocketSphinx model. To use Vosk, download the file above on\n"
                f"another computer, check that its SHA-256 is {SHA256},\n"
                f"unzip it into {TARGET}/ and run the assistant again (or set VOSK_MODEL).",
                file=sys.stderr,
            )
            return 1
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != SHA256:
            print(f"The download's SHA-256 is {digest}, not {SHA256}.", file=sys.stderr)
            return 1
        TARGET.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(TARGET)
    print(f"Installed {NAME} in {TARGET}. The assistant uses it from the next start.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
