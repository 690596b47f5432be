"""Reading archives in tests: each member's bytes, with the backup's own time normalised."""

import io
import json
import zipfile

#: What differs between two backups of the same data: only when each was taken.
NORMALISED = {"created_at": "<normalised>"}


def members(data: bytes) -> dict[str, bytes]:
    """Every member of the archive by name; the manifest with `created_at` normalised."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        out = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(out["manifest.json"])
    manifest.update(NORMALISED)
    out["manifest.json"] = json.dumps(manifest, indent=1, sort_keys=True).encode()
    return out


def table(data: bytes, label: str) -> list[dict]:
    """The records of one table."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next(n for n in zf.namelist() if n.endswith(f"-{label}.json"))
        return json.loads(zf.read(name))


def manifest(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read("manifest.json"))
