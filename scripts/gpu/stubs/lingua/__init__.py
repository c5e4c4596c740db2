"""GPU-machine stand-in for lingua (language detection). NOT the real package.

lingua's wheel (96 MB) cannot travel to the lent GPU machine (64 MiB per call), so there
this module answers "undetermined" for every text: ``detect_language_of`` returns None, and
featurectl's :func:`featurectl.evaluation.control.detect_language` reports None ("cannot
tell"). Every language rate (french, german, italian; the French contrast) measured there is
therefore 0 and meaningless. The machine's job is to *generate* the answers, which
``protocol.json`` keeps (``samples``); back on the CPU machine, with the real lingua,
``featurectl experiment rejudge OUT`` re-scores every saved answer and rebuilds the tables.

Only the API featurectl uses is provided: ``IsoCode639_1`` members as attributes and
``LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build().detect_language_of(text)``.
It is on ``sys.path`` only through ``scripts/gpu/control_full.sh`` (PYTHONPATH), never here.
"""

STUB = True


class _Iso:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"IsoCode639_1.{self.name}"


class _IsoCodes:
    def __getattr__(self, name: str) -> _Iso:
        if len(name) != 2 or not name.isalpha():
            raise AttributeError(name)
        return _Iso(name.upper())


IsoCode639_1 = _IsoCodes()


class _Detector:
    def detect_language_of(self, text: str):
        return None  # undetermined: judged again at home (featurectl experiment rejudge)


class LanguageDetectorBuilder:
    def __init__(self, codes):
        self.codes = tuple(codes)

    @classmethod
    def from_iso_codes_639_1(cls, *codes) -> "LanguageDetectorBuilder":
        return cls(codes)

    def build(self) -> _Detector:
        return _Detector()
