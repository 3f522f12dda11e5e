"""Output in whatever encoding the console or the redirected file uses (GBK on Chinese Windows).

:func:`configure` runs once at the entry point: standard output and error keep their encoding
but never fail on a character it cannot hold. Symbols are replaced by the nearest one the
encoding has (✓ → √, ✗ → ×, ⚠ → ※ in GBK; ASCII last), any other character by ``?``.
JSON output stays lossless: :func:`json_text` writes what the encoding cannot hold as
``\\uXXXX`` escapes, which every JSON reader turns back into the character.
"""

from __future__ import annotations

import codecs
import sys

# Each symbol kefu prints, then stand-ins in order of preference (the last is ASCII).
SYMBOLS = {
    "✓": "√v", "✗": "×x", "⚠": "※!", "•": "·*", "░": "-", "▒": "=", "█": "#", "━": "-",
    "·": "*", "—": "-", "…": ".", "★": "*", "●": "*", "▲": "^", "▼": "v", "↑": "^",
    "↓": "v", "→": ">", "←": "<", "「": "[", "」": "]",
}
ERRORS = "kefu-replace"
_JSON_ERRORS = "kefu-json"


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _stand_in(char: str, encoding: str) -> str:
    for option in SYMBOLS.get(char, ""):
        if _encodable(option, encoding):
            return option
    return "?"


def _replace(exc: UnicodeError):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(_stand_in(c, exc.encoding) for c in bad), exc.end


def _json_escape(exc: UnicodeError):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


codecs.register_error(ERRORS, _replace)
codecs.register_error(_JSON_ERRORS, _json_escape)


def is_unicode(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


def configure(*streams) -> None:
    """Make ``streams`` (default: stdout and stderr) replace what their encoding cannot hold."""
    for stream in streams or (sys.stdout, sys.stderr):
        if stream is None or is_unicode(stream):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS)


def json_text(text: str, stream=None) -> str:
    """``text`` (JSON with ``ensure_ascii=False``) with every character ``stream``'s encoding
    cannot hold written as a JSON escape; unchanged on a Unicode stream."""
    stream = stream or sys.stdout
    if is_unicode(stream):
        return text
    encoding = stream.encoding
    try:
        return text.encode(encoding, _JSON_ERRORS).decode(encoding)
    except LookupError:
        return text
